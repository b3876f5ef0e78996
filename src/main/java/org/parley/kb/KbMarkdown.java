package org.parley.kb;

import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

/**
 * Markdown to safe HTML: commonmark renders (raw HTML passes through it), then jsoup keeps only the allow-list below,
 * so whatever an article's author typed, no script, frame, event handler or javascript:/data: URL reaches a page.
 */
final class KbMarkdown {
    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create(), AutolinkExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().extensions(EXTENSIONS).sanitizeUrls(true).build();
    private static final Document.OutputSettings OUTPUT = new Document.OutputSettings().prettyPrint(false);

    /** The allow-list (docs/kb.md): text structure, links (http, https, mailto; new tab, no referrer), https images. */
    static Safelist safelist() {
        return new Safelist()
                .addTags("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "em", "strong", "del", "code", "pre",
                        "blockquote", "br", "hr", "a", "img", "table", "thead", "tbody", "tr", "th", "td")
                .addAttributes("a", "href", "title")
                .addProtocols("a", "href", "http", "https", "mailto")
                .addEnforcedAttribute("a", "rel", "nofollow noopener noreferrer")
                .addEnforcedAttribute("a", "target", "_blank")
                .addAttributes("img", "src", "alt", "title")
                .addProtocols("img", "src", "https")
                .addEnforcedAttribute("img", "referrerpolicy", "no-referrer")
                .addAttributes("ol", "start")
                .addAttributes("th", "align")
                .addAttributes("td", "align");
    }

    private static final Safelist SAFELIST = safelist();

    private KbMarkdown() {
    }

    static String html(String markdown) {
        String rendered = RENDERER.render(PARSER.parse(markdown == null ? "" : markdown));
        return Jsoup.clean(rendered, "", SAFELIST, OUTPUT).strip();
    }

    /** The article's words without markup, for the index and excerpts. */
    static String text(String markdown) {
        return Jsoup.parse(html(markdown)).text();
    }
}
