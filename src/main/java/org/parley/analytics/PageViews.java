package org.parley.analytics;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.parley.activity.UserAgent;

/**
 * How a page view is filed in the reports. The source of a visit is its landing page's: the utm_source, else
 * the referring site's host when it is another site, else "direct"; pages seen later in the visit (a
 * referrer on the same site) keep the landing's source, campaign and ref. A visit ends after 30 minutes
 * without activity from that browser. Pages are paths, without query or fragment.
 */
final class PageViews {
    static final long VISIT_GAP = 30 * 60_000L;

    /** One raw page view or tracked event of a browser. */
    record Raw(String browser, String visitorId, String kind, String url, String referrer, Map<String, String> utm,
               String ref, String name, Map<String, Object> props, String userAgent, long at) {
    }

    /** A raw event with what the reports file it under. */
    record Filed(Raw raw, boolean visitStart, String page, String source, String campaign, String ref, String device) {
        List<RollupRows.Dim> dims() {
            List<RollupRows.Dim> dims = new ArrayList<>(5);
            dims.add(new RollupRows.Dim("page", page));
            dims.add(new RollupRows.Dim("source", source));
            dims.add(new RollupRows.Dim("utm_campaign", campaign));
            dims.add(new RollupRows.Dim("ref", ref));
            dims.add(new RollupRows.Dim("device", device));
            return dims;
        }
    }

    private PageViews() {
    }

    /** Files one browser's events, oldest first; earlier events (before the hour) give the visit's landing. */
    static List<Filed> file(List<Raw> events) {
        List<Filed> filed = new ArrayList<>(events.size());
        Filed landing = null;
        long last = Long.MIN_VALUE;
        for (Raw e : events) {
            boolean start = last == Long.MIN_VALUE || e.at() - last > VISIT_GAP;
            last = e.at();
            String page = path(e.url());
            String device = UserAgent.parse(e.userAgent()).device();
            if (!"page_view".equals(e.kind())) {
                filed.add(landing == null
                        ? new Filed(e, false, page, "direct", null, e.ref(), device)
                        : new Filed(e, false, page, landing.source(), landing.campaign(), landing.ref(), device));
                continue;
            }
            String external = externalSource(e);
            if (start || external != null || landing == null) {
                String campaign = e.utm() == null ? null : e.utm().get("campaign");
                landing = new Filed(e, start, page, external == null ? "direct" : external, campaign, e.ref(), device);
                filed.add(landing);
            } else {
                filed.add(new Filed(e, false, page, landing.source(), landing.campaign(),
                        e.ref() != null ? e.ref() : landing.ref(), device));
            }
        }
        return filed;
    }

    /** The utm_source, else the referring host when it is another site; null for same-site or no referrer. */
    static String externalSource(Raw e) {
        if (e.utm() != null && e.utm().get("source") != null && !e.utm().get("source").isBlank()) {
            return e.utm().get("source").strip().toLowerCase(java.util.Locale.ROOT);
        }
        String from = host(e.referrer());
        if (from == null || from.equals(host(e.url()))) {
            return null;
        }
        return from.startsWith("www.") ? from.substring(4) : from;
    }

    static String path(String url) {
        if (url == null) {
            return null;
        }
        try {
            String path = URI.create(url).getRawPath();
            path = path == null || path.isEmpty() ? "/" : path;
            return path.length() > 200 ? path.substring(0, 200) : path;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String host(String url) {
        if (url == null || url.isEmpty()) {
            return null;
        }
        try {
            String host = URI.create(url).getHost();
            return host == null ? null : host.toLowerCase(java.util.Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
