package io.codingit.github.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last 200 response of each (token, URL) with its ETag, so that the next request for the same
 * URL can be conditional: GitHub answers 304 without charging the rate limit and we serve the
 * body from here. Keys start with a hash of the token, never the token, so one user's cached
 * answer is never served to another. Bounded by total body size, least recently used first out.
 */
final class ETagCache {
    record Entry(String etag, String body, String link) {
        long weight() {
            return (long) etag.length() + body.length() + (link == null ? 0 : link.length());
        }
    }

    private final long maxWeight;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long weight;

    ETagCache(long maxWeight) {
        this.maxWeight = maxWeight;
    }

    synchronized Optional<Entry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    synchronized void put(String key, Entry entry) {
        remove(key);
        // One answer may not crowd out most of the others.
        if (entry.weight() > maxWeight / 4) {
            return;
        }
        entries.put(key, entry);
        weight += entry.weight();
        var eldest = entries.entrySet().iterator();
        while (weight > maxWeight && eldest.hasNext()) {
            Map.Entry<String, Entry> e = eldest.next();
            weight -= e.getValue().weight();
            eldest.remove();
        }
    }

    synchronized void remove(String key) {
        Entry old = entries.remove(key);
        if (old != null) {
            weight -= old.weight();
        }
    }

    /** Drops every entry whose key starts with {@code prefix}. */
    synchronized void removeAllStartingWith(String prefix) {
        var it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Entry> e = it.next();
            if (e.getKey().startsWith(prefix)) {
                weight -= e.getValue().weight();
                it.remove();
            }
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
