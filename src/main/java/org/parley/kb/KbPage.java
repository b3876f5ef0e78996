package org.parley.kb;

/** The public page of a published article: small, readable on a phone, no script at all (its CSP allows none). */
final class KbPage {
    static final String CSP = "default-src 'none'; img-src https:; style-src 'unsafe-inline'; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";
    private static final String STYLE = "body{font:16px/1.6 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2328;"
            + "background:#fff;margin:0}main{max-width:42rem;margin:0 auto;padding:1.5rem 1rem 3rem}"
            + "h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}img{max-width:100%;height:auto}"
            + "pre{background:#f6f8fa;padding:.75rem;overflow-x:auto;border-radius:6px}code{font-size:.9em}"
            + "blockquote{margin:0;padding-left:1rem;border-left:4px solid #d0d7de;color:#59636e}"
            + "table{border-collapse:collapse;display:block;overflow-x:auto}th,td{border:1px solid #d0d7de;padding:.3rem .6rem}"
            + "a{color:#0550ae}@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}"
            + "pre{background:#161b22}a{color:#4493f8}}";

    private KbPage() {
    }

    static String render(KbArticle article, String html) {
        return page(article.language(), article.title(), "<article><h1>" + escape(article.title()) + "</h1>" + html
                + "</article>");
    }

    static String notFound() {
        return page("en", "Article not found", "<h1>Article not found</h1><p>This article does not exist or is not "
                + "published.</p>");
    }

    private static String page(String language, String title, String main) {
        return "<!doctype html><html lang=\"" + escape(language) + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                // The server's headers keep their referrer policy; links out of an article tell nothing either.
                + "<meta name=\"referrer\" content=\"no-referrer\">"
                + "<title>" + escape(title) + "</title><style>" + STYLE
                + "</style></head><body><main>" + main + "</main></body></html>";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
