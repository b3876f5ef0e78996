package org.parley.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.http.ApiError;
import org.parley.http.Json;

class RichContentTest {
    private static final String EMOJI = "🧣";

    @Test
    void theDocumentedExampleIsStoredWithItsKeysInTheFixedOrder() {
        String stored = RichContent.validate(json("""
                {"input": {"placeholder": "you@example.com", "type": "email"},
                 "cards": [{"buttons": [{"url": "https://shop.example/s", "label": "See it"}],
                            "image_url": "https://shop.example/s.jpg", "subtitle": "€89", "title": "Silk scarf"}],
                 "buttons": [{"url": "https://shop.example/sizes", "label": "Size chart"}, {"payload": "red", "label": "Red"}],
                 "quick_replies": [{"payload": "classic", "label": "Classic"}]}"""));
        assertThat(stored).isEqualTo("{\"quick_replies\":[{\"label\":\"Classic\",\"payload\":\"classic\"}],"
                + "\"buttons\":[{\"label\":\"Size chart\",\"url\":\"https://shop.example/sizes\"},{\"label\":\"Red\",\"payload\":\"red\"}],"
                + "\"cards\":[{\"title\":\"Silk scarf\",\"subtitle\":\"€89\",\"image_url\":\"https://shop.example/s.jpg\","
                + "\"buttons\":[{\"label\":\"See it\",\"url\":\"https://shop.example/s\"}]}],"
                + "\"input\":{\"type\":\"email\",\"placeholder\":\"you@example.com\"}}");
    }

    @Test
    void contentMustBeANonEmptyObjectOfKnownKeys() {
        refused("[]", "Field 'content' must be an object");
        refused("\"hi\"", "Field 'content' must be an object");
        refused("{}", "Field 'content' must hold at least one of quick_replies, buttons, cards, input");
        refused("{\"quick_replies\": null}", "Field 'content' must hold at least one of quick_replies, buttons, cards, input");
        refused("{\"x\": 1}", "Unknown field 'content.x'");
        refused("{\"input\": {\"type\": \"text\"}, \"html\": \"<b>\"}", "Unknown field 'content.html'");
        refused("{\"quick_replies\": [{\"label\": \"a\", \"payload\": \"b\", \"color\": \"red\"}]}",
                "Unknown field 'content.quick_replies[0].color'");
        refused("{\"cards\": [{\"title\": \"t\", \"html\": \"x\"}]}", "Unknown field 'content.cards[0].html'");
        refused("{\"input\": {\"type\": \"text\", \"pattern\": \".*\"}}", "Unknown field 'content.input.pattern'");
        assertThatThrownBy(() -> RichContent.validate(null)).isInstanceOf(ApiError.class);
    }

    @Test
    void quickRepliesAreOneToTen() {
        assertThat(RichContent.validate(json(content("quick_replies", replies(10))))).contains("\"label\":\"Choice 9\"");
        refused(content("quick_replies", replies(11)), "Field 'content.quick_replies' must be a list of 1-10 quick replies");
        refused(content("quick_replies", replies(0)), "Field 'content.quick_replies' must be a list of 1-10 quick replies");
        refused("{\"quick_replies\": {\"label\": \"a\"}}", "Field 'content.quick_replies' must be a list of 1-10 quick replies");
        refused("{\"quick_replies\": [\"a\"]}", "Field 'content.quick_replies[0]' must be an object");
        refused("{\"quick_replies\": [{\"label\": \"a\", \"payload\": \"a\"}, {\"label\": \"b\"}]}",
                "Field 'content.quick_replies[1].payload' is required");
        refused("{\"quick_replies\": [{\"payload\": \"a\"}]}", "Field 'content.quick_replies[0].label' is required");
        refused("{\"quick_replies\": [{\"label\": null, \"payload\": \"a\"}]}", "Field 'content.quick_replies[0].label' is required");
    }

    @Test
    void labelsAreOneToFortyCodePoints() {
        String atLimit = content("quick_replies", List.of(Map.of("label", EMOJI.repeat(40), "payload", "p")));
        assertThat(RichContent.validate(json(atLimit))).contains(EMOJI.repeat(40));
        for (String label : List.of(EMOJI.repeat(41), "x".repeat(41), "", "   ", "\u202E\u2066")) {
            List<Map<String, String>> replies = new ArrayList<>(replies(2));
            replies.add(Map.of("label", label, "payload", "p"));
            refused(content("quick_replies", replies), "Field 'content.quick_replies[2].label' must be 1-40 characters");
        }
        refused("{\"quick_replies\": [{\"label\": 7, \"payload\": \"a\"}]}", "Field 'content.quick_replies[0].label' must be a string");
        refused("{\"buttons\": [{\"label\": \"" + "x".repeat(41) + "\", \"payload\": \"a\"}]}",
                "Field 'content.buttons[0].label' must be 1-40 characters");
        refused("{\"cards\": [{\"title\": \"t\", \"buttons\": [{\"label\": \"\", \"url\": \"https://a.example\"}]}]}",
                "Field 'content.cards[0].buttons[0].label' must be 1-40 characters");
    }

    @Test
    void labelsAndTitlesLoseBidiControlsAndControlCharactersButKeepTheirText() {
        String stored = RichContent.validate(json(content("quick_replies",
                List.of(Map.of("label", "  Eve\u202Egnp.exe\u2066x\u2069\n", "payload", "p"),
                        Map.of("label", "a\tb\u0000c", "payload", "q")))));
        assertThat(stored).contains("\"label\":\"Evegnp.exex\"", "\"label\":\"a b c\"").doesNotContain("\\u202e", "\u202E");
        String card = RichContent.validate(json("{\"cards\": [{\"title\": \"\u202DSilk\", \"subtitle\": \"\u2067€89\u2069 \"}]}"));
        assertThat(card).isEqualTo("{\"cards\":[{\"title\":\"Silk\",\"subtitle\":\"€89\"}]}");
        String placeholder = RichContent.validate(json("{\"input\": {\"type\": \"text\", \"placeholder\": \"\u202Eyour name\"}}"));
        assertThat(placeholder).isEqualTo("{\"input\":{\"type\":\"text\",\"placeholder\":\"your name\"}}");
    }

    @Test
    void markupInLabelsIsKeptAsTextForClientsToShowAsText() {
        String xss = "<img src=x onerror=alert(1)>";
        String stored = RichContent.validate(json(content("buttons", List.of(Map.of("label", xss, "payload", "<script>")))));
        assertThat(Json.tree(stored).at("/buttons/0/label").asText()).isEqualTo(xss);
        assertThat(Json.tree(stored).at("/buttons/0/payload").asText()).isEqualTo("<script>");
        String card = RichContent.validate(json(content("cards", List.of(Map.of("title", "<b>\"bold\"</b> & co",
                "subtitle", "javascript:alert(1)")))));
        assertThat(Json.tree(card).at("/cards/0/title").asText()).isEqualTo("<b>\"bold\"</b> & co");
        assertThat(Json.tree(card).at("/cards/0/subtitle").asText()).isEqualTo("javascript:alert(1)");
    }

    @Test
    void buttonsAreOneToFiveWithExactlyOneOfPayloadOrUrl() {
        List<Map<String, String>> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(i % 2 == 0 ? Map.of("label", "B" + i, "payload", "p" + i) : Map.of("label", "B" + i, "url", "https://a.example/" + i));
        }
        assertThat(Json.tree(RichContent.validate(json(content("buttons", five)))).path("buttons").size()).isEqualTo(5);
        List<Map<String, String>> six = new ArrayList<>(five);
        six.add(Map.of("label", "B5", "payload", "p5"));
        refused(content("buttons", six), "Field 'content.buttons' must be a list of 1-5 buttons");
        refused("{\"buttons\": []}", "Field 'content.buttons' must be a list of 1-5 buttons");
        refused("{\"buttons\": [{\"label\": \"a\", \"payload\": \"p\", \"url\": \"https://a.example\"}]}",
                "Field 'content.buttons[0]' must have exactly one of 'payload' (a postback) or 'url' (a link)");
        refused("{\"buttons\": [{\"label\": \"a\", \"payload\": \"p\"}, {\"label\": \"b\"}]}",
                "Field 'content.buttons[1]' must have exactly one of 'payload' (a postback) or 'url' (a link)");
        refused("{\"buttons\": [{\"label\": \"a\", \"payload\": 5}]}", "Field 'content.buttons[0].payload' must be a string");
    }

    @Test
    void payloadsAreOneToTwoHundredCharactersWithoutControlCharacters() {
        String atLimit = "é".repeat(199) + EMOJI;
        assertThat(RichContent.validate(json(content("quick_replies", List.of(Map.of("label", "a", "payload", atLimit))))))
                .contains(atLimit);
        refused(content("quick_replies", List.of(Map.of("label", "a", "payload", "x".repeat(201)))),
                "Field 'content.quick_replies[0].payload' must be 1-200 characters");
        refused(content("quick_replies", List.of(Map.of("label", "a", "payload", ""))),
                "Field 'content.quick_replies[0].payload' must be 1-200 characters");
        refused(content("buttons", List.of(Map.of("label", "a", "payload", "a\nb"))),
                "Field 'content.buttons[0].payload' must not contain control characters");
        refused(content("buttons", List.of(Map.of("label", "a", "payload", "a\u0085b"))),
                "Field 'content.buttons[0].payload' must not contain control characters");
        String spaced = RichContent.validate(json(content("buttons", List.of(Map.of("label", "a", "payload", " x ")))));
        assertThat(Json.tree(spaced).at("/buttons/0/payload").asText()).as("payloads are values, stored exactly").isEqualTo(" x ");
    }

    @Test
    void linksAreHttpOrHttpsWithAHostAndNoUserInfo() {
        for (String url : List.of("http://shop.example", "https://shop.example/sizes?x=1#y", "HTTPS://Shop.Example:8443/a",
                "https://[2001:db8::1]/a", "https://shop.example/" + "a".repeat(2000 - 21))) {
            assertThat(Json.tree(RichContent.validate(json(button(url)))).at("/buttons/0/url").asText()).isEqualTo(url);
        }
        String tooLong = "https://shop.example/" + "a".repeat(2000 - 20);
        for (String url : List.of("javascript:alert(1)", "JavaScript://shop.example/%0aalert(1)", "data:text/html,<script>x</script>",
                "file:///etc/passwd", "ftp://shop.example/a", "//shop.example/a", "/relative", "https:///path", "https://",
                "https://shop example", "https://shop.example/\na", "vbscript:msgbox", tooLong, "")) {
            refused(button(url), "Field 'content.buttons[0].url' must be an http or https URL of at most 2000 characters");
        }
        refused(button("https://user:secret@shop.example/"), "Field 'content.buttons[0].url' must not contain a user name or password");
        refused("{\"buttons\": [{\"label\": \"a\", \"url\": 3}]}",
                "Field 'content.buttons[0].url' must be an http or https URL of at most 2000 characters");
    }

    @Test
    void cardsAreOneToTenWithTitleSubtitleHttpsImageAndUpToThreeButtons() {
        List<Map<String, Object>> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(Map.of("title", "Card " + i));
        }
        assertThat(Json.tree(RichContent.validate(json(content("cards", ten)))).path("cards").size()).isEqualTo(10);
        List<Map<String, Object>> eleven = new ArrayList<>(ten);
        eleven.add(Map.of("title", "Card 10"));
        refused(content("cards", eleven), "Field 'content.cards' must be a list of 1-10 cards");
        refused("{\"cards\": []}", "Field 'content.cards' must be a list of 1-10 cards");
        refused("{\"cards\": [{\"subtitle\": \"s\"}]}", "Field 'content.cards[0].title' is required");

        assertThat(RichContent.validate(json(content("cards", List.of(Map.of("title", "t".repeat(80))))))).contains("t".repeat(80));
        refused(content("cards", List.of(Map.of("title", "ok"), Map.of("title", "t".repeat(81)))),
                "Field 'content.cards[1].title' must be 1-80 characters");
        refused(content("cards", List.of(Map.of("title", ""))), "Field 'content.cards[0].title' must be 1-80 characters");
        assertThat(RichContent.validate(json(content("cards", List.of(Map.of("title", "t", "subtitle", "s".repeat(200)))))))
                .contains("s".repeat(200));
        refused(content("cards", List.of(Map.of("title", "t", "subtitle", "s".repeat(201)))),
                "Field 'content.cards[0].subtitle' must be at most 200 characters");
        assertThat(RichContent.validate(json(content("cards", List.of(Map.of("title", "t", "subtitle", " ")))))).isEqualTo(
                "{\"cards\":[{\"title\":\"t\"}]}");

        assertThat(RichContent.validate(json(content("cards", List.of(Map.of("title", "t", "image_url", "https://cdn.example/s.jpg"))))))
                .contains("https://cdn.example/s.jpg");
        for (String image : List.of("http://cdn.example/s.jpg", "data:image/png;base64,AAAA", "javascript:alert(1)", "file:///s.jpg")) {
            refused(content("cards", List.of(Map.of("title", "t", "image_url", image))),
                    "Field 'content.cards[0].image_url' must be an https URL of at most 2000 characters");
        }

        List<Map<String, String>> three = List.of(Map.of("label", "a", "payload", "a"), Map.of("label", "b", "payload", "b"),
                Map.of("label", "c", "url", "https://c.example"));
        assertThat(Json.tree(RichContent.validate(json(content("cards", List.of(Map.of("title", "t", "buttons", three))))))
                .at("/cards/0/buttons").size()).isEqualTo(3);
        List<Map<String, String>> four = new ArrayList<>(three);
        four.add(Map.of("label", "d", "payload", "d"));
        refused(content("cards", List.of(Map.of("title", "t", "buttons", four))),
                "Field 'content.cards[0].buttons' must be a list of at most 3 buttons");
        assertThat(RichContent.validate(json(content("cards", List.of(Map.of("title", "t", "buttons", List.of()))))))
                .isEqualTo("{\"cards\":[{\"title\":\"t\"}]}");
        refused(content("cards", List.of(Map.of("title", "t", "buttons", List.of(Map.of("label", "x", "url", "ftp://x.example"))))),
                "Field 'content.cards[0].buttons[0].url' must be an http or https URL of at most 2000 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "email", "phone", "number", "date"})
    void eachInputTypeIsAccepted(String type) {
        assertThat(RichContent.validate(json("{\"input\": {\"type\": \"" + type + "\"}}")))
                .isEqualTo("{\"input\":{\"type\":\"" + type + "\"}}");
    }

    @Test
    void inputsHaveAKnownTypeAndAPlaceholderOfAtMostSixty() {
        String expected = "Field 'content.input.type' must be one of text, email, phone, number, date";
        refused("{\"input\": {\"type\": \"password\"}}", expected);
        refused("{\"input\": {\"type\": \"EMAIL\"}}", expected);
        refused("{\"input\": {\"type\": 1}}", expected);
        refused("{\"input\": {\"placeholder\": \"x\"}}", "Field 'content.input.type' is required");
        refused("{\"input\": \"email\"}", "Field 'content.input' must be an object");
        assertThat(RichContent.validate(json("{\"input\": {\"type\": \"text\", \"placeholder\": \"" + "p".repeat(60) + "\"}}")))
                .contains("p".repeat(60));
        refused("{\"input\": {\"type\": \"text\", \"placeholder\": \"" + "p".repeat(61) + "\"}}",
                "Field 'content.input.placeholder' must be at most 60 characters");
    }

    @Test
    void aVisitorsTapIsStoredAsItsPayload() {
        assertThat(RichContent.validatePayload("classic")).isEqualTo("{\"payload\":\"classic\"}");
        assertThat(RichContent.validatePayload("say \"hi\" \\ <b>")).isEqualTo("{\"payload\":\"say \\\"hi\\\" \\\\ <b>\"}");
        assertThat(RichContent.validatePayload("x".repeat(200))).contains("x".repeat(200));
        assertThat(RichContent.validatePayload(EMOJI.repeat(200))).contains(EMOJI.repeat(200));
        for (String payload : new String[] {"x".repeat(201), "", null}) {
            assertThatThrownBy(() -> RichContent.validatePayload(payload)).isInstanceOfSatisfying(ApiError.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.getMessage()).isEqualTo("Field 'payload' must be 1-200 characters");
            });
        }
        assertThatThrownBy(() -> RichContent.validatePayload("a\u0007b")).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.getMessage()).isEqualTo("Field 'payload' must not contain control characters"));
    }

    @Test
    void emailsShowChoicesAsLinesAndLinksWithTheirAddress() {
        String stored = RichContent.validate(json("""
                {"quick_replies": [{"label": "Classic", "payload": "classic"}, {"label": "Bold", "payload": "bold"}],
                 "buttons": [{"label": "Size chart", "url": "https://shop.example/sizes"}, {"label": "Red", "payload": "red"}],
                 "cards": [{"title": "Silk scarf", "subtitle": "€89", "image_url": "https://shop.example/s.jpg",
                            "buttons": [{"label": "See it", "url": "https://shop.example/s"}, {"label": "Buy", "payload": "buy"}]},
                           {"title": "Wool hat"}],
                 "input": {"type": "email"}}"""));
        assertThat(RichContent.plainText("Which style is yours?", stored)).isEqualTo("""
                Which style is yours?
                • Classic
                • Bold
                Size chart: https://shop.example/sizes
                • Red
                Silk scarf — €89
                  See it: https://shop.example/s
                  • Buy
                Wool hat""");
    }

    @Test
    void textWithoutChoicesIsLeftAsItIs() {
        assertThat(RichContent.plainText("Hello", null)).isEqualTo("Hello");
        assertThat(RichContent.plainText("Your email?", RichContent.validate(json("{\"input\": {\"type\": \"email\"}}"))))
                .isEqualTo("Your email?");
        assertThat(RichContent.plainText("Classic", RichContent.validatePayload("classic"))).isEqualTo("Classic");
        assertThat(RichContent.plainText("@Ann look", "{\"mentions\":[\"a1\"]}")).isEqualTo("@Ann look");
        assertThat(RichContent.plainText("Summary", "{\"summary\":{\"flow_id\":\"f\",\"version\":1,\"answers\":{\"style\":\"bold\"}}}"))
                .isEqualTo("Summary");
        assertThat(RichContent.plainText("Assigned", "{\"system\":{\"kind\":\"assigned\"}}")).isEqualTo("Assigned");
        assertThat(RichContent.plainText("Odd", "{\"quick_replies\": \"x\", \"cards\": [1, {\"subtitle\": \"s\"}]}")).isEqualTo("Odd");
        assertThat(RichContent.plainText("Broken", "{not json")).isEqualTo("Broken");
        assertThat(RichContent.plainText("Array", "[1]")).isEqualTo("Array");
    }

    private static void refused(String content, String message) {
        assertThatThrownBy(() -> RichContent.validate(json(content))).as(content).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private static String button(String url) {
        return content("buttons", List.of(Map.of("label", "Go", "url", url)));
    }

    private static List<Map<String, String>> replies(int count) {
        List<Map<String, String>> replies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            replies.add(Map.of("label", "Choice " + i, "payload", "choice-" + i));
        }
        return replies;
    }

    private static String content(String key, Object value) {
        return Json.write(Map.of(key, value));
    }

    private static JsonNode json(String text) {
        return Json.tree(text);
    }
}
