package org.parley.notify;

/**
 * The HTML part of {@link ReplyEmail}: tables and inline styles, as mail clients need. The business's colour is
 * the header band and the button (with the text colour the contrast rule gives) and marks the new replies (its
 * accent, plus the written word: colour is never the only sign). Every text and URL goes through
 * {@link ReplyEmail#escape}; message texts keep their line breaks as {@code <br>}.
 */
final class ReplyEmailHtml {
    static final String TEXT = "#1f2328";
    /** 6.2:1 on white and 5.9:1 on {@link #NEW_BACKGROUND}: WCAG AA for the small print. */
    static final String MUTED = "#57606a";
    private static final String RULE = "#d0d7de";
    static final String NEW_BACKGROUND = "#f6f8fa";
    private static final String FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif";

    private ReplyEmailHtml() {
    }

    static String render(ReplyEmail.Content content, ReplyEmail.Addressing addressing) {
        ReplyEmailTexts texts = content.texts();
        EmailTheme theme = content.theme();
        String business = esc(content.business());
        StringBuilder html = new StringBuilder(4096);
        html.append("<!doctype html><html lang=\"").append(esc(texts.language())).append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width\"><title>").append(esc(content.subject()))
                .append("</title></head><body style=\"margin:0;padding:0;background:#f0f2f5;font-family:").append(FONT)
                .append(";color:").append(TEXT).append(";line-height:1.5\">")
                .append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#f0f2f5\">")
                .append("<tr><td align=\"center\" style=\"padding:24px 12px\">")
                .append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" ")
                .append("style=\"max-width:600px;background:#ffffff;border-radius:8px\">")
                // The header band: the business's name on its colour.
                .append("<tr><td style=\"background:").append(theme.color()).append(";color:").append(theme.textOnColor())
                .append(";padding:16px 24px;font-size:18px;font-weight:bold;border-radius:8px 8px 0 0\">")
                .append(business).append("</td></tr>")
                .append("<tr><td style=\"padding:24px\">")
                .append("<p style=\"margin:0 0 20px\">").append(esc(texts.intro(content.business()))).append("</p>");
        if (!content.thread().question().isEmpty()) {
            html.append(heading(texts.question()))
                    .append("<div style=\"margin:0 0 24px;padding:8px 12px;border-left:3px solid ").append(RULE).append("\">");
            for (ReplyEmailThread.Line line : content.thread().question()) {
                html.append("<p style=\"margin:0 0 4px\">").append(multiline(line.text())).append("</p>");
            }
            html.append("</div>");
        }
        html.append(heading(texts.history()));
        for (ReplyEmailThread.Line line : content.thread().history()) {
            message(html, content, line);
        }
        html.append("<p style=\"margin:24px 0 12px\"><a href=\"").append(esc(addressing.continueUrl()))
                .append("\" style=\"display:inline-block;background:").append(theme.color()).append(";color:")
                .append(theme.textOnColor()).append(";padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:bold\">")
                .append(esc(texts.cta())).append("</a></p>")
                .append("<p style=\"margin:0;font-size:14px;color:").append(MUTED).append("\">").append(esc(texts.replyHint()))
                .append("</p></td></tr>")
                .append("<tr><td style=\"padding:16px 24px;border-top:1px solid ").append(RULE).append(";font-size:12px;color:")
                .append(MUTED).append("\">").append(esc(texts.footer(content.business()))).append(" <a href=\"")
                .append(esc(addressing.unsubscribeUrl())).append("\" style=\"color:").append(MUTED).append("\">")
                .append(esc(texts.unsubscribe())).append("</a></td></tr>")
                .append("</table></td></tr></table></body></html>");
        return html.toString();
    }

    private static void message(StringBuilder html, ReplyEmail.Content content, ReplyEmailThread.Line line) {
        EmailTheme theme = content.theme();
        String author = line.fromCustomer() ? content.texts().you() : line.author();
        html.append("<div style=\"margin:0 0 12px;padding:8px 12px;border-left:4px solid ")
                .append(line.isNew() ? theme.accent() : RULE).append(line.isNew() ? ";background:" + NEW_BACKGROUND : "")
                .append("\"><p style=\"margin:0 0 2px;font-size:13px;color:").append(MUTED).append("\">");
        if (line.isNew()) {
            html.append("<span style=\"display:inline-block;background:").append(theme.color()).append(";color:")
                    .append(theme.textOnColor()).append(";border-radius:4px;padding:0 6px;margin-right:6px;font-weight:bold\">")
                    .append(esc(content.texts().newMark())).append("</span>");
        }
        html.append("<strong style=\"color:").append(TEXT).append("\">").append(esc(author)).append("</strong> · ")
                .append(esc(content.when(line.at()))).append("</p><p style=\"margin:0\">").append(multiline(line.text()))
                .append("</p>");
        for (ReplyEmailThread.FileLink file : line.files()) {
            html.append("<p style=\"margin:4px 0 0\">\uD83D\uDCCE <a href=\"").append(esc(file.url())).append("\">")
                    .append(esc(file.name())).append("</a> <span style=\"color:").append(MUTED).append("\">(")
                    .append(esc(file.size())).append(")</span></p>");
        }
        html.append("</div>");
    }

    private static String heading(String text) {
        return "<h2 style=\"margin:0 0 8px;font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:" + MUTED + "\">"
                + esc(text) + "</h2>";
    }

    private static String multiline(String text) {
        return esc(text).replace("\r\n", "\n").replace("\n", "<br>");
    }

    private static String esc(String s) {
        return ReplyEmail.escape(s);
    }
}
