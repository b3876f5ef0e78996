package org.parley.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Markdown renders, and the classic XSS vectors never survive the allow-list (docs/kb.md). */
class KbMarkdownTest {
    static final List<String> VECTORS = List.of(
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<img src=\"https://ok.example/a.png\" onerror=\"alert(1)\">",
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<svg onload=alert(1)><circle/></svg>",
            "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
            "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "<object data=\"https://evil.example/x.swf\"></object>",
            "<form action=\"https://evil.example\"><input name=x></form>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
            "<p onclick=\"alert(1)\">hi</p>",
            "<base href=\"https://evil.example/\">",
            "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">");

    static void assertSafe(String html) {
        String lower = html.toLowerCase();
        assertThat(lower).doesNotContain("<script", "<iframe", "<svg", "<object", "<form", "<input", "<style", "<base",
                "<meta", "<math", "javascript:", "data:", "onerror", "onload", "onclick", "style=");
    }

    @Test
    void everyVectorIsDefused() {
        for (String vector : VECTORS) {
            String html = KbMarkdown.html("Before\n\n" + vector + "\n\nAfter");
            assertSafe(html);
            assertThat(html).as(vector).contains("Before").contains("After");
        }
    }

    @Test
    void theAllowListKeepsStructureLinksAndHttpsImages() {
        String html = KbMarkdown.html("""
                # Care

                Some *silk* and **wool**, `code`, a [link](https://shop.example/care) and <mailto:help@shop.example>.

                - one
                - two

                > quoted

                | a | b |
                |---|---|
                | 1 | 2 |

                ![scarf](https://shop.example/s.jpg) ![plain](http://shop.example/p.jpg)
                """);
        assertThat(html).contains("<h1>Care</h1>", "<em>silk</em>", "<strong>wool</strong>", "<code>code</code>",
                "<li>one</li>", "<blockquote>", "<table>", "<td>1</td>");
        assertThat(html).contains("href=\"https://shop.example/care\"").contains("rel=\"nofollow noopener noreferrer\"")
                .contains("target=\"_blank\"").contains("href=\"mailto:help@shop.example\"");
        assertThat(html).contains("src=\"https://shop.example/s.jpg\"").doesNotContain("http://shop.example/p.jpg");
    }

    @Test
    void plainTextDropsMarkup() {
        assertThat(KbMarkdown.text("# Title\n\nSome **bold** <script>x()</script> text")).isEqualTo("Title Some bold text");
    }

    @Test
    void stemmingMeetsInEnglishAndFrench() {
        assertThat(KbIndex.terms("en", "running shoes")).containsExactly("run", "shoe");
        assertThat(KbIndex.terms("en", "runs")).containsExactly("run");
        assertThat(KbIndex.terms("fr", "chaussures")).isEqualTo(KbIndex.terms("fr", "chaussure"));
    }

    @Test
    void excerptsAreShortAndAroundTheMatch() {
        String text = "word ".repeat(100) + "refund policy here " + "more ".repeat(100);
        String excerpt = KbIndex.excerpt(text, Set.of("refund"));
        assertThat(excerpt.length()).isLessThanOrEqualTo(200);
        assertThat(excerpt).contains("refund").startsWith("…").endsWith("…");
        assertThat(KbIndex.excerpt("short", Set.of("x"))).isEqualTo("short");
    }
}
