package org.parley.live;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.parley.activity.ActivityEvent;

/**
 * The registry in this process's memory: one node's view (several nodes need the Redis one). Bounded: at most
 * {@code maxPerWorkspace} browsers per workspace, the least recently seen making room for a new one.
 */
public final class InProcessLiveVisitors implements LiveVisitors {
    public static final int MAX_PER_WORKSPACE = 10_000;
    private static final int HISTORY_LIMIT = 200;

    private final Clock clock;
    private final VisitHistory history;
    private final Supplier<String> ids;
    private final int maxPerWorkspace;
    private final Map<String, Site> sites = new ConcurrentHashMap<>();

    /** One workspace's browsers; every access holds its lock. */
    private static final class Site {
        /** By key, least recently seen first (a browser seen again moves to the end). */
        final LinkedHashMap<String, LiveEntry> byKey = new LinkedHashMap<>();
        final Map<String, String> keyById = new HashMap<>();
        final Map<String, String> keyByVisitor = new HashMap<>();
        /** Keys with a throttled change not published yet. */
        final Set<String> dirty = new LinkedHashSet<>();
        /** Listed entries evicted to make room, announced as left by the next sweep. */
        final List<String> evicted = new ArrayList<>();
    }

    public InProcessLiveVisitors(Clock clock, VisitHistory history, Supplier<String> ids, int maxPerWorkspace) {
        this.clock = clock;
        this.history = history;
        this.ids = ids;
        this.maxPerWorkspace = maxPerWorkspace;
    }

    @Override
    public Optional<LiveVisitor> activity(Browser browser, List<ActivityEvent> events, String userAgent) {
        long now = clock.millis();
        long first = events.stream().mapToLong(e -> e.at() == null ? now : e.at()).min().orElse(now);
        Site site = site(browser.workspaceId());
        LiveEntry entry = entry(site, browser, first, now);
        synchronized (site) {
            touch(site, entry, browser, now);
            entry.apply(events, now);
            entry.userAgent(userAgent);
            return changed(site, entry, now);
        }
    }

    @Override
    public Beat heartbeat(Browser browser, String contactId, boolean socket, String userAgent) {
        long now = clock.millis();
        Site site = site(browser.workspaceId());
        LiveEntry entry = entry(site, browser, now, now);
        synchronized (site) {
            String visitorBefore = entry.visitorId;
            touch(site, entry, browser, now);
            boolean linked = contactId != null && !contactId.equals(entry.contactId);
            boolean change = entry.userAgent(userAgent);
            change |= linked || !java.util.Objects.equals(visitorBefore, entry.visitorId);
            if (contactId != null) {
                entry.contactId = contactId;
                change |= entry.socket != socket;
                entry.socket = socket;
            }
            // A browser that got a session of its own meanwhile keeps it: the token made for it is dropped.
            String token = browser.visitorId() == null ? entry.pendingToken : null;
            boolean load = entry.pendingLoad && !(contactId != null && socket);
            entry.pendingToken = null;
            entry.pendingLoad = false;
            LiveVisitor update = change ? changed(site, entry, now).orElse(null) : null;
            return new Beat(update, token, load, linked);
        }
    }

    @Override
    public Optional<LiveVisitor> conversation(String workspaceId, String visitorId, String conversationId, boolean open) {
        Site site = sites.get(workspaceId);
        if (site == null || visitorId == null) {
            return Optional.empty();
        }
        synchronized (site) {
            LiveEntry entry = site.byKey.get(site.keyByVisitor.get(visitorId));
            if (entry == null || (!open && !conversationId.equals(entry.conversationId))
                    || (open && conversationId.equals(entry.conversationId))) {
                return Optional.empty();
            }
            entry.conversationId = open ? conversationId : null;
            return changed(site, entry, clock.millis());
        }
    }

    @Override
    public Optional<Target> target(String workspaceId, String id) {
        Site site = sites.get(workspaceId);
        if (site == null) {
            return Optional.empty();
        }
        synchronized (site) {
            LiveEntry entry = byId(site, id);
            if (entry == null || !entry.listed()) {
                return Optional.empty();
            }
            return Optional.of(new Target(new Browser(workspaceId, entry.anonId, entry.visitorId), entry.contactId,
                    Set.copyOf(entry.proactive)));
        }
    }

    @Override
    public void link(String workspaceId, String id, String visitorId, String contactId, String token) {
        Site site = sites.get(workspaceId);
        if (site == null) {
            return;
        }
        synchronized (site) {
            LiveEntry entry = byId(site, id);
            if (entry != null) {
                entry.visitorId = visitorId;
                entry.contactId = contactId;
                site.keyByVisitor.put(visitorId, entry.key);
                entry.pendingToken = token;
            }
        }
    }

    @Override
    public Optional<LiveVisitor> proactive(String workspaceId, String id, String clientMsgId, String conversationId,
                                           boolean load) {
        Site site = sites.get(workspaceId);
        if (site == null) {
            return Optional.empty();
        }
        synchronized (site) {
            LiveEntry entry = byId(site, id);
            if (entry == null) {
                return Optional.empty();
            }
            entry.proactive.add(clientMsgId);
            entry.pendingLoad |= load;
            entry.conversationId = conversationId;
            return changed(site, entry, clock.millis());
        }
    }

    @Override
    public List<LiveVisitor> list(String workspaceId) {
        Site site = sites.get(workspaceId);
        if (site == null) {
            return List.of();
        }
        synchronized (site) {
            return site.byKey.values().stream().filter(LiveEntry::listed).map(LiveEntry::snapshot)
                    .sorted(Comparator.comparingLong((LiveVisitor v) -> v.currentPage().at()).reversed()).toList();
        }
    }

    @Override
    public Sweep sweep() {
        long now = clock.millis();
        List<Update> updated = new ArrayList<>();
        List<Left> left = new ArrayList<>();
        for (Map.Entry<String, Site> workspace : sites.entrySet()) {
            Site site = workspace.getValue();
            String workspaceId = workspace.getKey();
            synchronized (site) {
                site.evicted.forEach(id -> left.add(new Left(workspaceId, id)));
                site.evicted.clear();
                Iterator<LiveEntry> oldestFirst = site.byKey.values().iterator();
                while (oldestFirst.hasNext()) {
                    LiveEntry entry = oldestFirst.next();
                    if (now - entry.lastSeenAt < LEAVE_AFTER_MS) {
                        break;
                    }
                    oldestFirst.remove();
                    forget(site, entry);
                    if (entry.announced) {
                        left.add(new Left(workspaceId, entry.id));
                    }
                }
                for (Iterator<String> keys = site.dirty.iterator(); keys.hasNext(); ) {
                    LiveEntry entry = site.byKey.get(keys.next());
                    if (entry == null) {
                        keys.remove();
                    } else if (!entry.announced || now - entry.publishedAt >= UPDATE_EVERY_MS) {
                        keys.remove();
                        changed(site, entry, now).ifPresent(v -> updated.add(new Update(workspaceId, v)));
                    }
                }
                if (site.byKey.isEmpty()) {
                    sites.remove(workspaceId, site);
                }
            }
        }
        return new Sweep(updated, left);
    }

    private Site site(String workspaceId) {
        return sites.computeIfAbsent(workspaceId, k -> new Site());
    }

    /** The browser's entry, made when it is new (its visit read from the stored activity, outside the lock). */
    private LiveEntry entry(Site site, Browser browser, long from, long now) {
        synchronized (site) {
            LiveEntry known = find(site, browser);
            if (known != null) {
                return known;
            }
        }
        Visit visit = Visit.of(history.before(browser, from, HISTORY_LIMIT), from);
        synchronized (site) {
            LiveEntry known = find(site, browser);
            if (known != null) {
                return known;
            }
            while (site.byKey.size() >= maxPerWorkspace) {
                LiveEntry oldest = site.byKey.values().iterator().next();
                site.byKey.remove(oldest.key);
                forget(site, oldest);
                if (oldest.announced) {
                    site.evicted.add(oldest.id);
                }
            }
            LiveEntry entry = new LiveEntry(ids.get(), browser, visit, now);
            site.byKey.put(entry.key, entry);
            site.keyById.put(entry.id, entry.key);
            if (entry.visitorId != null) {
                site.keyByVisitor.put(entry.visitorId, entry.key);
            }
            return entry;
        }
    }

    /** By the anonymous id when there is one (the key), else by the visitor (also an anonymous entry it joined). */
    private static LiveEntry find(Site site, Browser browser) {
        LiveEntry entry = site.byKey.get(browser.key());
        if (entry == null && browser.visitorId() != null) {
            entry = site.byKey.get(site.keyByVisitor.get(browser.visitorId()));
        }
        return entry;
    }

    private static LiveEntry byId(Site site, String id) {
        String key = site.keyById.get(id);
        return key == null ? null : site.byKey.get(key);
    }

    /**
     * Seen now: moves to the end of the order; learns the browser's visitor and its anonymous id (which then
     * becomes the entry's key: later heartbeats may carry only that).
     */
    private static void touch(Site site, LiveEntry entry, Browser browser, long now) {
        boolean dirty = site.dirty.remove(entry.key);
        site.byKey.remove(entry.key);
        if (entry.anonId == null && browser.anonId() != null) {
            entry.anonId = browser.anonId();
            entry.key = browser.key();
        }
        if (browser.visitorId() != null && !browser.visitorId().equals(entry.visitorId)) {
            if (entry.visitorId != null) {
                site.keyByVisitor.remove(entry.visitorId);
            }
            entry.visitorId = browser.visitorId();
        }
        site.byKey.put(entry.key, entry); // back on the list too, if swept between the lookup and now
        site.keyById.put(entry.id, entry.key);
        if (entry.visitorId != null) {
            site.keyByVisitor.put(entry.visitorId, entry.key);
        }
        if (dirty) {
            site.dirty.add(entry.key);
        }
        entry.lastSeenAt = Math.max(entry.lastSeenAt, now);
    }

    private static void forget(Site site, LiveEntry entry) {
        site.keyById.remove(entry.id);
        if (entry.visitorId != null) {
            site.keyByVisitor.remove(entry.visitorId, entry.key);
        }
        site.dirty.remove(entry.key);
    }

    /** The entry to publish now, or empty: not listed, or throttled (kept dirty for the sweep). */
    private static Optional<LiveVisitor> changed(Site site, LiveEntry entry, long now) {
        if (!entry.listed() || (entry.announced && now - entry.publishedAt < UPDATE_EVERY_MS)) {
            site.dirty.add(entry.key);
            return Optional.empty();
        }
        site.dirty.remove(entry.key);
        entry.publishedAt = now;
        entry.announced = true;
        return Optional.of(entry.snapshot());
    }
}
