package org.parley.notify;

import java.util.regex.Pattern;
import org.parley.workspace.WorkspaceSettings;

/**
 * The business's widget colour in the notification email, readable by the widget's own rule
 * (web/shared/contrast.ts, web/widget/src/theme.ts): text drawn on the colour is white while white reaches
 * WCAG AA (4.5:1), black otherwise (black then reaches at least 4.58:1); the accent used on white (the
 * marker of new replies) is the colour itself when it reaches 4.5:1 on white, a dark grey otherwise.
 */
record EmailTheme(String color, String textOnColor, String accent) {
    private static final Pattern HEX = Pattern.compile("#([0-9a-fA-F]{3}){1,2}");
    static final String DARK = "#1f2328";

    static EmailTheme of(String color) {
        String c = normalize(color);
        return new EmailTheme(c, textOn(c), contrast(c, "#ffffff") >= 4.5 ? c : DARK);
    }

    /** {@code #rgb} or {@code #rrggbb} as lower-case {@code #rrggbb}; anything else is the default colour. */
    static String normalize(String color) {
        if (color == null || !HEX.matcher(color).matches()) {
            return WorkspaceSettings.defaults().color();
        }
        String c = color.toLowerCase();
        return c.length() == 4 ? "#" + c.charAt(1) + c.charAt(1) + c.charAt(2) + c.charAt(2) + c.charAt(3) + c.charAt(3) : c;
    }

    static String textOn(String background) {
        // Contrast with white is 1.05 / (L + 0.05): at least 4.5 while L <= 1.05 / 4.5 - 0.05.
        return luminance(background) <= 1.05 / 4.5 - 0.05 ? "#ffffff" : "#000000";
    }

    /** WCAG relative luminance, 0 (black) to 1 (white). */
    static double luminance(String color) {
        String c = normalize(color);
        double[] rgb = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = Integer.parseInt(c.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            rgb[i] = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    }

    /** Contrast ratio, 1 (none) to 21 (black on white). */
    static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }
}
