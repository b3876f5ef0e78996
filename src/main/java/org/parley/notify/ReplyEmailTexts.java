package org.parley.notify;

import java.util.Map;

/**
 * Every text of the notification email, in the widget's languages (web/shared/strings.ts has the widget's own).
 * {@code {business}} and {@code {count}} are replaced by the caller; {@code colon} is the language's "label: value"
 * separator (French puts a space before the colon).
 */
record ReplyEmailTexts(String language, String subjectOne, String subjectMany, String intro, String question,
                       String history, String newMark, String you, String cta, String replyHint, String unsubscribe,
                       String footer, String colon) {

    static final ReplyEmailTexts EN = new ReplyEmailTexts("en",
            "New reply from {business}",
            "{count} new replies from {business}",
            "{business} replied to your conversation.",
            "Your question",
            "Latest messages",
            "New",
            "You",
            "Continue the conversation",
            "You can also answer by replying to this email.",
            "Stop these emails",
            "Sent by Parley for {business}.",
            ": ");

    static final ReplyEmailTexts FR = new ReplyEmailTexts("fr",
            "Nouvelle réponse de {business}",
            "{count} nouvelles réponses de {business}",
            "{business} a répondu à votre conversation.",
            "Votre question",
            "Derniers messages",
            "Nouveau",
            "Vous",
            "Continuer la conversation",
            "Vous pouvez aussi répondre directement à cet e-mail.",
            "Ne plus recevoir ces e-mails",
            "Envoyé par Parley pour {business}.",
            "\u00a0: ");

    static final ReplyEmailTexts DE = new ReplyEmailTexts("de",
            "Neue Antwort von {business}",
            "{count} neue Antworten von {business}",
            "{business} hat auf Ihre Unterhaltung geantwortet.",
            "Ihre Frage",
            "Letzte Nachrichten",
            "Neu",
            "Sie",
            "Unterhaltung fortsetzen",
            "Sie können auch direkt auf diese E-Mail antworten.",
            "Diese E-Mails abbestellen",
            "Von Parley im Auftrag von {business} gesendet.",
            ": ");

    private static final Map<String, ReplyEmailTexts> BY_LANGUAGE = Map.of("en", EN, "fr", FR, "de", DE);

    /** The texts of {@code language}; English for null or a language the widget lacks. */
    static ReplyEmailTexts of(String language) {
        return language == null ? EN : BY_LANGUAGE.getOrDefault(language, EN);
    }

    String subject(int replies, String business) {
        return (replies == 1 ? subjectOne : subjectMany).replace("{count}", Integer.toString(replies))
                .replace("{business}", business);
    }

    String intro(String business) {
        return intro.replace("{business}", business);
    }

    String footer(String business) {
        return footer.replace("{business}", business);
    }
}
