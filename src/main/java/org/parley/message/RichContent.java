package org.parley.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.parley.http.ApiError;
import org.parley.http.DisplayText;
import org.parley.http.Json;

/**
 * The rich part of a message (docs/bots.md, "Rich messages"): quick replies, buttons, cards and an input hint
 * beside the text. Whoever sent it, it is untrusted: {@link #validate} keeps only the documented shape within its
 * limits and answers 400 naming the first field that is not; labels, titles, subtitles and placeholders lose bidi
 * and other control characters ({@link DisplayText}) and are stored as text, never escaped or interpreted here,
 * since every client renders them as text. Lengths count code points, so an emoji is one character.
 */
public final class RichContent {
    public static final int MAX_QUICK_REPLIES = 10;
    public static final int MAX_BUTTONS = 5;
    public static final int MAX_CARDS = 10;
    public static final int MAX_CARD_BUTTONS = 3;
    public static final int MAX_LABEL = 40;
    public static final int MAX_TITLE = 80;
    public static final int MAX_SUBTITLE = 200;
    public static final int MAX_PLACEHOLDER = 60;
    public static final int MAX_PAYLOAD = 200;
    public static final int MAX_URL = 2000;
    /** The input types, in the order error messages name them. */
    public static final List<String> INPUT_TYPES = List.of("text", "email", "phone", "number", "date");

    private static final List<String> KEYS = List.of("quick_replies", "buttons", "cards", "input");

    private RichContent() {
    }

    /**
     * The content to store, as JSON with its keys in a fixed order and its texts cleaned; a 400 naming the field
     * otherwise. The caller decides whether a message may carry content at all (not private notes, not visitors).
     */
    public static String validate(JsonNode content) {
        if (content == null || !content.isObject()) {
            throw ApiError.badRequest("Field 'content' must be an object");
        }
        allowOnly(content, "content", KEYS);
        ObjectNode out = Json.MAPPER.createObjectNode();
        JsonNode quickReplies = present(content, "quick_replies");
        if (quickReplies != null) {
            ArrayNode list = out.putArray("quick_replies");
            for (JsonNode item : items(quickReplies, "content.quick_replies", 1, MAX_QUICK_REPLIES, "quick replies")) {
                String field = "content.quick_replies[" + list.size() + "]";
                requireObject(item, field);
                allowOnly(item, field, List.of("label", "payload"));
                ObjectNode reply = list.addObject();
                reply.put("label", label(item, field));
                reply.put("payload", payload(required(item, field, "payload"), field + ".payload"));
            }
        }
        JsonNode buttons = present(content, "buttons");
        if (buttons != null) {
            out.set("buttons", buttons(buttons, "content.buttons", 1, MAX_BUTTONS));
        }
        JsonNode cards = present(content, "cards");
        if (cards != null) {
            ArrayNode list = out.putArray("cards");
            for (JsonNode item : items(cards, "content.cards", 1, MAX_CARDS, "cards")) {
                list.add(card(item, "content.cards[" + list.size() + "]"));
            }
        }
        JsonNode input = present(content, "input");
        if (input != null) {
            out.set("input", input(input));
        }
        if (out.isEmpty()) {
            throw ApiError.badRequest("Field 'content' must hold at least one of " + String.join(", ", KEYS));
        }
        return Json.write(out);
    }

    /**
     * The content of a visitor's tap on a quick reply or a postback button, {@code {"payload": "..."}}; a 400 when
     * the payload is not 1-200 characters without control characters.
     */
    public static String validatePayload(String payload) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("payload", checkedPayload(payload, "payload"));
        return Json.write(out);
    }

    /**
     * What an email shows of a message: its text, then one line per quick reply and postback button ("• Label"),
     * per link ("Label: URL"), and per card ("Title — Subtitle", its buttons indented below). Content of other
     * kinds (mentions, system, summary, payload), or none, leaves the text as it is.
     */
    public static String plainText(String text, String contentJson) {
        String body = text == null ? "" : text;
        if (contentJson == null || contentJson.isBlank()) {
            return body;
        }
        JsonNode content;
        try {
            content = Json.MAPPER.readTree(contentJson);
        } catch (JsonProcessingException e) {
            return body;
        }
        if (content == null || !content.isObject()) {
            return body;
        }
        List<String> lines = new ArrayList<>();
        for (JsonNode reply : content.path("quick_replies")) {
            if (reply.hasNonNull("label")) {
                lines.add("• " + reply.get("label").asText());
            }
        }
        addButtons(lines, content.path("buttons"), "");
        for (JsonNode card : content.path("cards")) {
            if (card.hasNonNull("title")) {
                String subtitle = card.path("subtitle").asText("");
                lines.add(card.get("title").asText() + (subtitle.isEmpty() ? "" : " — " + subtitle));
                addButtons(lines, card.path("buttons"), "  ");
            }
        }
        return lines.isEmpty() ? body : body + "\n" + String.join("\n", lines);
    }

    private static void addButtons(List<String> lines, JsonNode buttons, String indent) {
        for (JsonNode button : buttons) {
            if (!button.hasNonNull("label")) {
                continue;
            }
            String label = button.get("label").asText();
            lines.add(indent + (button.hasNonNull("url") ? label + ": " + button.get("url").asText() : "• " + label));
        }
    }

    private static ArrayNode buttons(JsonNode buttons, String field, int min, int max) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (JsonNode item : items(buttons, field, min, max, "buttons")) {
            String at = field + "[" + list.size() + "]";
            requireObject(item, at);
            allowOnly(item, at, List.of("label", "payload", "url"));
            ObjectNode button = list.addObject();
            button.put("label", label(item, at));
            JsonNode payload = present(item, "payload");
            JsonNode url = present(item, "url");
            if ((payload == null) == (url == null)) {
                throw ApiError.badRequest("Field '" + at + "' must have exactly one of 'payload' (a postback) or 'url' (a link)");
            }
            if (payload != null) {
                button.put("payload", payload(payload, at + ".payload"));
            } else {
                button.put("url", url(url, at + ".url", false));
            }
        }
        return list;
    }

    private static ObjectNode card(JsonNode item, String field) {
        requireObject(item, field);
        allowOnly(item, field, List.of("title", "subtitle", "image_url", "buttons"));
        ObjectNode card = Json.MAPPER.createObjectNode();
        card.put("title", displayText(required(item, field, "title"), field + ".title", 1, MAX_TITLE));
        JsonNode subtitle = present(item, "subtitle");
        if (subtitle != null) {
            String clean = displayText(subtitle, field + ".subtitle", 0, MAX_SUBTITLE);
            if (!clean.isEmpty()) {
                card.put("subtitle", clean);
            }
        }
        JsonNode image = present(item, "image_url");
        if (image != null) {
            card.put("image_url", url(image, field + ".image_url", true));
        }
        JsonNode buttons = present(item, "buttons");
        if (buttons != null) {
            ArrayNode list = buttons(buttons, field + ".buttons", 0, MAX_CARD_BUTTONS);
            if (!list.isEmpty()) {
                card.set("buttons", list);
            }
        }
        return card;
    }

    private static ObjectNode input(JsonNode input) {
        requireObject(input, "content.input");
        allowOnly(input, "content.input", List.of("type", "placeholder"));
        ObjectNode out = Json.MAPPER.createObjectNode();
        JsonNode type = required(input, "content.input", "type");
        if (!type.isTextual() || !INPUT_TYPES.contains(type.asText())) {
            throw ApiError.badRequest("Field 'content.input.type' must be one of " + String.join(", ", INPUT_TYPES));
        }
        out.put("type", type.asText());
        JsonNode placeholder = present(input, "placeholder");
        if (placeholder != null) {
            String clean = displayText(placeholder, "content.input.placeholder", 0, MAX_PLACEHOLDER);
            if (!clean.isEmpty()) {
                out.put("placeholder", clean);
            }
        }
        return out;
    }

    private static String label(JsonNode item, String field) {
        return displayText(required(item, field, "label"), field + ".label", 1, MAX_LABEL);
    }

    /** A text people see, cleaned like a name (bidi controls removed, control characters as spaces, trimmed). */
    private static String displayText(JsonNode value, String field, int min, int max) {
        if (!value.isTextual()) {
            throw ApiError.badRequest("Field '" + field + "' must be a string");
        }
        String clean = DisplayText.clean(value.asText()).strip();
        int length = clean.codePointCount(0, clean.length());
        if (length < min || length > max) {
            throw ApiError.badRequest("Field '" + field + "' must be " + (min == 0 ? "at most " + max : min + "-" + max)
                    + " characters");
        }
        return clean;
    }

    private static String payload(JsonNode value, String field) {
        if (!value.isTextual()) {
            throw ApiError.badRequest("Field '" + field + "' must be a string");
        }
        return checkedPayload(value.asText(), field);
    }

    /** Payloads are values for flows, stored exactly as sent: no cleaning, so control characters are refused. */
    private static String checkedPayload(String payload, String field) {
        int length = payload == null ? 0 : payload.codePointCount(0, payload.length());
        if (length < 1 || length > MAX_PAYLOAD) {
            throw ApiError.badRequest("Field '" + field + "' must be 1-" + MAX_PAYLOAD + " characters");
        }
        if (payload.chars().anyMatch(Character::isISOControl)) {
            throw ApiError.badRequest("Field '" + field + "' must not contain control characters");
        }
        return payload;
    }

    /** An absolute http(s) URL with a host and no user info; images are https only (no mixed content, no tracking in clear). */
    private static String url(JsonNode value, String field, boolean httpsOnly) {
        String expected = httpsOnly ? "an https URL" : "an http or https URL";
        String problem = "Field '" + field + "' must be " + expected + " of at most " + MAX_URL + " characters";
        if (!value.isTextual() || value.asText().length() > MAX_URL) {
            throw ApiError.badRequest(problem);
        }
        String url = value.asText();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw ApiError.badRequest(problem);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean schemeOk = scheme.equals("https") || (!httpsOnly && scheme.equals("http"));
        if (!schemeOk || uri.isOpaque() || uri.getHost() == null || uri.getHost().isEmpty()) {
            throw ApiError.badRequest(problem);
        }
        if (uri.getRawUserInfo() != null) {
            throw ApiError.badRequest("Field '" + field + "' must not contain a user name or password");
        }
        return url;
    }

    /** The elements of a list of {@code min}-{@code max} items. */
    private static JsonNode items(JsonNode list, String field, int min, int max, String what) {
        if (!list.isArray() || list.size() < min || list.size() > max) {
            throw ApiError.badRequest("Field '" + field + "' must be a list of " + (min == 0 ? "at most " + max : min + "-" + max)
                    + " " + what);
        }
        return list;
    }

    private static void requireObject(JsonNode node, String field) {
        if (!node.isObject()) {
            throw ApiError.badRequest("Field '" + field + "' must be an object");
        }
    }

    private static void allowOnly(JsonNode node, String field, List<String> keys) {
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            if (!keys.contains(property.getKey())) {
                throw ApiError.badRequest("Unknown field '" + field + "." + property.getKey() + "'");
            }
        }
    }

    /** The value of an optional field; null when it is missing or null. */
    private static JsonNode present(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private static JsonNode required(JsonNode node, String field, String name) {
        JsonNode value = present(node, name);
        if (value == null) {
            throw ApiError.badRequest("Field '" + field + "." + name + "' is required");
        }
        return value;
    }
}
