package org.parley.kb;

/** The wire shape of an article; {@code html} is the rendered, sanitized body (reads of one article only). */
public record KbArticleJson(String id, String title, String body, String html, String language, boolean published,
                            String url, String createdBy, long createdAt, long updatedAt) {
    static KbArticleJson of(KbArticle a, String html, String url) {
        return new KbArticleJson(a.id(), a.title(), a.body(), html, a.language(), a.published(), url, a.createdBy(),
                a.createdAt(), a.updatedAt());
    }
}
