package org.parley.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Who is on the site now, as agents see it (docs/analytics.md, "Live visitors"): the wire shape of
 * {@code GET /api/v1/visitors/live} and of the {@code visitor.updated} event. {@code id} is a random public
 * id of the entry, never the browser's anonymous id (a credential of the browser). Absent values are
 * written as null, so clients can rely on every key.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LiveVisitor(String id, String visitorId, Page currentPage, List<Page> pages, long visitStartedAt,
                          long lastSeenAt, Source source, String device, String browser, String os, String country,
                          boolean chatting, String conversationId, boolean returning) {

    /** A page view: its address, title and when it was seen. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Page(String url, String title, long at) {
    }

    /** How the visit came: the landing page's referrer, utm parameters and the site's {@code ref}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Source(String referrer, Map<String, String> utm, String ref) {
        static final Source NONE = new Source(null, null, null);
    }
}
