package org.salon.platform.events;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the last events a consumer handled. The outbox delivers at least once, so a consumer
 * whose effects are not idempotent in themselves drops an event whose id it has already seen.
 */
public final class RecentEventIds {
    private final Map<String, Boolean> seen;

    public RecentEventIds(int capacity) {
        this.seen = new LinkedHashMap<>(capacity, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time an id is offered, false for a duplicate. */
    public synchronized boolean firstTime(String eventId) {
        return seen.put(eventId, Boolean.TRUE) == null;
    }
}
