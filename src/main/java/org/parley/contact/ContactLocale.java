package org.parley.contact;

/**
 * The language (one of the widget's: en, fr, de) and the IANA time zone of the widget a contact last used;
 * either may be null (never sent). Recorded when a widget session starts, read by the notification email.
 */
public record ContactLocale(String language, String timeZone) {
}
