package org.parley.widget;

import java.util.Locale;
import java.util.regex.Pattern;
import org.parley.http.ApiError;
import org.parley.workspace.WorkspaceSettings;

/**
 * The language of a widget visitor, chosen as the frame chooses its own (web/shared/i18n.ts): the page's
 * {@code data-locale} (sent by the loader as {@code locale}) when it is a language of the widget, else the first
 * such language of the browser's {@code Accept-Language}, else English.
 */
final class WidgetLanguage {
    private static final Pattern TAG = Pattern.compile("[A-Za-z]{1,8}([-_][A-Za-z0-9]{1,8})*");

    private WidgetLanguage() {
    }

    static String pick(String locale, String acceptLanguage) {
        if (locale != null && !locale.isEmpty()) {
            if (locale.length() > 35 || !TAG.matcher(locale).matches()) {
                throw ApiError.badRequest("Query parameter 'locale' must be a language tag such as fr or fr-CA");
            }
            String primary = primary(locale);
            if (WorkspaceSettings.LANGUAGES.contains(primary)) {
                return primary;
            }
        }
        if (acceptLanguage != null && !acceptLanguage.isBlank() && acceptLanguage.length() <= 500) {
            try {
                for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
                    String primary = primary(range.getRange());
                    if (range.getWeight() > 0 && WorkspaceSettings.LANGUAGES.contains(primary)) {
                        return primary;
                    }
                }
            } catch (IllegalArgumentException e) {
                // a malformed header is no preference
            }
        }
        return "en";
    }

    private static String primary(String tag) {
        return tag.toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
    }
}
