package org.parley.workspace;

import java.util.regex.Pattern;

/**
 * The business's widget colour and WCAG 2 contrast, the rule of web/shared/contrast.ts: text drawn on the
 * colour is white while white reaches AA (4.5:1), black otherwise (black then reaches at least 4.58:1). The
 * widget config carries the text colour so the loader needs no colour maths (its 3 KB budget); the
 * notification email uses the same rule.
 */
public final class ThemeColor {
    private static final Pattern HEX = Pattern.compile("#([0-9a-fA-F]{3}){1,2}");

    private ThemeColor() {
    }

    /** {@code #rgb} or {@code #rrggbb} as lower-case {@code #rrggbb}; anything else is the default colour. */
    public static String normalize(String color) {
        if (color == null || !HEX.matcher(color).matches()) {
            return WorkspaceSettings.defaults().color();
        }
        String c = color.toLowerCase();
        return c.length() == 4 ? "#" + c.charAt(1) + c.charAt(1) + c.charAt(2) + c.charAt(2) + c.charAt(3) + c.charAt(3) : c;
    }

    /** White when it reaches 4.5:1 on {@code background}, black otherwise. */
    public static String textOn(String background) {
        // Contrast with white is 1.05 / (L + 0.05): at least 4.5 while L <= 1.05 / 4.5 - 0.05.
        return luminance(background) <= 1.05 / 4.5 - 0.05 ? "#ffffff" : "#000000";
    }

    /** WCAG relative luminance, 0 (black) to 1 (white). */
    public static double luminance(String color) {
        String c = normalize(color);
        double[] rgb = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = Integer.parseInt(c.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            rgb[i] = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    }

    /** Contrast ratio, 1 (none) to 21 (black on white). */
    public static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }
}
