package org.parley.notify;

import org.parley.workspace.ThemeColor;

/**
 * The business's widget colour in the notification email, readable by the widget's own rule ({@link ThemeColor}):
 * text drawn on the colour is white while white reaches WCAG AA (4.5:1), black otherwise; the accent used on
 * white (the marker of new replies) is the colour itself when it reaches 4.5:1 on white, a dark grey otherwise.
 */
record EmailTheme(String color, String textOnColor, String accent) {
    static final String DARK = "#1f2328";

    static EmailTheme of(String color) {
        String c = ThemeColor.normalize(color);
        return new EmailTheme(c, ThemeColor.textOn(c), contrast(c, "#ffffff") >= 4.5 ? c : DARK);
    }

    static double contrast(String a, String b) {
        return ThemeColor.contrast(a, b);
    }
}
