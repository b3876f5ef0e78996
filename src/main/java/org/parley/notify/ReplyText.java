package org.parley.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The new text of an emailed reply: quoted history and signatures cut off, as mail clients write them.
 * Recognised: "On ... wrote:" (Gmail, Apple Mail, Thunderbird; also split over two lines, and the German,
 * French and Spanish forms), lines starting with "&gt;", Outlook's "-----Original Message-----" and its
 * "From: ... Sent: ..." header block, a "________________________________" rule, the "-- " signature
 * delimiter and "Sent from my iPhone"-style footers.
 */
public final class ReplyText {
    private static final Pattern WROTE = Pattern.compile(
            "^(On\\s.+|Am\\s.+|Le\\s.+|El\\s.+)\\s(wrote|schrieb|a écrit|escribió)\\s?:\\s*$", Pattern.CASE_INSENSITIVE);
    /** German and Spanish clients name the sender after the verb: "Am ... schrieb Ana &lt;ana@x&gt;:". */
    private static final Pattern WROTE_NAME_AFTER = Pattern.compile("^(Am|El)\\s.+\\s(schrieb|escribió)\\s.*:\\s*$",
            Pattern.CASE_INSENSITIVE);
    /** "On Tue, 3 Mar 2026 at 10:00, Ana <ana@x>" with "wrote:" on the next line (Gmail wraps long ones). */
    private static final Pattern WROTE_START = Pattern.compile("^On\\s.+\\d.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern WROTE_END = Pattern.compile("^.*\\bwrote\\s?:\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ORIGINAL = Pattern.compile(
            "^\\s*-{2,}\\s*(Original Message|Forwarded message|Ursprüngliche Nachricht|Message d'origine)\\s*-{2,}\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern RULE = Pattern.compile("^\\s*_{20,}\\s*$");
    private static final Pattern HEADER_FROM = Pattern.compile("^\\s*\\*?(From|De|Von)\\s?:\\*?\\s.+", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_NEXT = Pattern.compile("^\\s*\\*?(Sent|Date|To|Subject|Envoyé|Gesendet)\\s?:.*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SENT_FROM = Pattern.compile(
            "^\\s*(Sent from my .+|Sent from (Mail|Outlook|Yahoo Mail|Gmail).*|Get Outlook for .+|Von meinem .+ gesendet)\\s*$",
            Pattern.CASE_INSENSITIVE);

    private ReplyText() {
    }

    /** The reply's own text, trimmed; empty when nothing new was written. */
    public static String strip(String text) {
        if (text == null) {
            return "";
        }
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (WROTE.matcher(trimmed).matches() || WROTE_NAME_AFTER.matcher(trimmed).matches() || ORIGINAL.matcher(line).matches() || RULE.matcher(line).matches()) {
                break;
            }
            if (WROTE_START.matcher(trimmed).matches() && i + 1 < lines.length
                    && WROTE_END.matcher(lines[i + 1].strip()).matches() && !trimmed.endsWith(".")) {
                break;
            }
            if (HEADER_FROM.matcher(line).matches() && nextNonBlankIsHeader(lines, i + 1)) {
                break; // Outlook's quoted header block without a rule above it
            }
            if (line.equals("-- ") || line.equals("--")) {
                break; // the signature delimiter
            }
            if (SENT_FROM.matcher(line).matches()) {
                break;
            }
            if (trimmed.startsWith(">")) {
                continue;
            }
            kept.add(line);
        }
        return String.join("\n", kept).strip().replaceAll("\n{3,}", "\n\n");
    }

    private static boolean nextNonBlankIsHeader(String[] lines, int from) {
        for (int i = from; i < lines.length && i < from + 3; i++) {
            if (!lines[i].isBlank()) {
                return HEADER_NEXT.matcher(lines[i]).matches();
            }
        }
        return false;
    }

    /** Block elements whose end is a line break in the text. */
    private static final java.util.Set<String> BLOCKS = java.util.Set.of("p", "div", "li", "tr", "h1", "h2", "h3", "h4",
            "h5", "h6", "table", "ul", "ol", "pre");

    /**
     * Readable text of an HTML part: block ends become line breaks, tags go, entities are decoded. Parsed
     * with jsoup (linear in the input, whatever it holds: the regexes this replaces were quadratic on many
     * "&lt;" without "&gt;", issue 11). Scripts, styles and the quoted history (a blockquote, Gmail's
     * gmail_quote, and everything after them) are dropped.
     */
    public static String fromHtml(String html) {
        org.jsoup.nodes.Document document = org.jsoup.Jsoup.parse(html);
        document.select("script, style, head, template").remove();
        org.jsoup.nodes.Element quote = document.selectFirst("blockquote, div.gmail_quote");
        if (quote != null) {
            // The history and whatever the client put after it: walk up, removing every later sibling.
            for (org.jsoup.nodes.Node node = quote; node != null && node.parent() != null; node = node.parent()) {
                while (node.nextSibling() != null) {
                    node.nextSibling().remove();
                }
            }
            quote.remove();
        }
        StringBuilder text = new StringBuilder();
        org.jsoup.select.NodeTraversor.traverse(new org.jsoup.select.NodeVisitor() {
            @Override
            public void head(org.jsoup.nodes.Node node, int depth) {
                if (node instanceof org.jsoup.nodes.TextNode t) {
                    text.append(t.getWholeText().replace('\u00a0', ' '));
                } else if (node instanceof org.jsoup.nodes.Element e && e.nameIs("br")) {
                    text.append('\n');
                }
            }

            @Override
            public void tail(org.jsoup.nodes.Node node, int depth) {
                if (node instanceof org.jsoup.nodes.Element e && BLOCKS.contains(e.normalName())) {
                    text.append('\n');
                }
            }
        }, document.body());
        return withoutSpacesBeforeBreaks(text);
    }

    /**
     * Spaces and tabs before each line break dropped, in one pass. The regex this replaces ({@code [ \t]+\n})
     * was quadratic on a long run of spaces without a break: 80,000 took 17 s, a 1 MB email of them about 45 min
     * (found by ReplyTextFuzzTest on a run of {@code &nbsp;}).
     */
    private static String withoutSpacesBeforeBreaks(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length());
        int run = -1; // where the current run of spaces and tabs starts in out, -1 outside one
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t') {
                run = run < 0 ? out.length() : run;
            } else if (c == '\n' && run >= 0) {
                out.setLength(run);
                run = -1;
            } else {
                run = -1;
            }
            out.append(c);
        }
        return out.toString();
    }
}
