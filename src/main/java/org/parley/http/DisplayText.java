package org.parley.http;

/**
 * Text that people give and other people see as a label: names, email subjects and sender names.
 * Bidirectional embedding, override and isolate controls are removed (one of them in a name can make
 * "Eve\u202Egnp.exe" display as "Eveexe.png", and it reorders the text that follows the name on screen),
 * and other control characters become a space, so a label is one plain line. The marks RLM/LRM and the
 * joiners stay: right-to-left names and emoji sequences need them.
 */
public final class DisplayText {
    private DisplayText() {
    }

    /** The label without bidi controls and with control characters as spaces; null stays null. */
    public static String clean(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean bidi = (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
            boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
            if (bidi || control) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                if (control) {
                    out.append(' ');
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
