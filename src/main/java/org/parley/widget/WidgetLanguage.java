package org.parley.widget;

import java.time.DateTimeException;
import java.time.ZoneId;
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
    /** An IANA zone name as browsers give it (Europe/Paris, America/Argentina/Buenos_Aires, UTC, Etc/GMT+2). */
    private static final Pattern ZONE = Pattern.compile("[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}");

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

    /**
     * The widget's language from the {@code locale} field of a session (the frame sends the language it shows):
     * null when absent, English for a language the widget lacks, 400 when it is no language tag.
     */
    static String ofSession(String locale) {
        if (locale == null) {
            return null;
        }
        if (locale.length() > 35 || !TAG.matcher(locale).matches()) {
            throw ApiError.badRequest("Field 'locale' must be a language tag such as fr or fr-CA");
        }
        String primary = primary(locale);
        return WorkspaceSettings.LANGUAGES.contains(primary) ? primary : "en";
    }

    /**
     * The browser's time zone from the {@code time_zone} field of a session: null when absent or unknown to this
     * JVM (a newer zone must never break a session), 400 when it is not shaped like a zone name.
     */
    static String timeZoneOfSession(String zone) {
        if (zone == null) {
            return null;
        }
        if (zone.length() > 64 || !ZONE.matcher(zone).matches()) {
            throw ApiError.badRequest("Field 'time_zone' must be an IANA time zone such as Europe/Paris");
        }
        try {
            return ZoneId.of(zone).getId();
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String primary(String tag) {
        return tag.toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
    }
}
