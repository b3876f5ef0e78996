package org.parley.workspace;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Widget appearance, greeting and follow-up timing; all optional with sensible defaults. A null greeting delay
 * shows no delayed greeting. {@code texts} holds the business's per-language overrides of the launcher label,
 * greeting and reply time (languages {@link #LANGUAGES}); {@code emailAskDelaySeconds} is how long the widget
 * waits for an agent's answer before asking for an email (0: at once); {@code businessHours}, when set, says when
 * the workspace is open (null: always); {@code activityRetentionDays}, when set, is how long raw visitor activity is
 * kept (retention.Pruner; null: the server's PARLEY_ACTIVITY_RETENTION); {@code fileRetentionDays}, when set, is how
 * long the bytes of files sent in conversations are kept (file.FileJanitor; null: until the conversation's contact is
 * deleted). Stored as one JSON document per workspace,
 * so settings written before a field existed read with its default.
 */
public record WorkspaceSettings(
        String color,
        String position,
        String launcherLabel,
        String greeting,
        String expectedReplyTime,
        Integer greetingDelaySeconds,
        Map<String, WidgetTexts> texts,
        Integer emailAskDelaySeconds,
        BusinessHours businessHours,
        Integer activityRetentionDays,
        Integer fileRetentionDays) {

    /** The widget's languages (web/shared/i18n.ts). */
    public static final List<String> LANGUAGES = List.of("en", "fr", "de");
    public static final int DEFAULT_EMAIL_ASK_DELAY_SECONDS = 30;
    /** The longest activity retention a workspace may choose (ten years). */
    public static final int MAX_ACTIVITY_RETENTION_DAYS = 3650;

    public WorkspaceSettings {
        texts = texts == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(texts));
        emailAskDelaySeconds = emailAskDelaySeconds == null ? DEFAULT_EMAIL_ASK_DELAY_SECONDS : emailAskDelaySeconds;
    }

    public static WorkspaceSettings defaults() {
        return new WorkspaceSettings("#3b5bdb", "right", "Chat with us", "Hi! How can we help?", "a few minutes", null,
                Map.of(), DEFAULT_EMAIL_ASK_DELAY_SECONDS, null, null, null);
    }

    /** The texts a visitor in {@code language} sees: that language's overrides, each missing one the default. */
    public WidgetTexts textsFor(String language) {
        WidgetTexts own = texts.get(language);
        if (own == null) {
            return new WidgetTexts(launcherLabel, greeting, expectedReplyTime);
        }
        return new WidgetTexts(own.launcherLabel() != null ? own.launcherLabel() : launcherLabel,
                own.greeting() != null ? own.greeting() : greeting,
                own.expectedReplyTime() != null ? own.expectedReplyTime() : expectedReplyTime);
    }
}
