package org.parley.kb;

/** A knowledge base article: {@code body} is markdown; {@code language} an ISO 639-1 code of {@link KbLanguages}. */
public record KbArticle(String id, String workspaceId, String title, String body, String language, boolean published,
                        String createdBy, long createdAt, long updatedAt) {
}
