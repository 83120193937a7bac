package dev.kiln.api.stream;

import java.util.List;

/**
 * What a follower hands its stream next: events in sequence order, nothing (a heartbeat: the stream is idle), or
 * the end (the job's terminal event has been sent).
 */
record EventBatch(List<StoredEvent> events, boolean end) {

    static final EventBatch HEARTBEAT = new EventBatch(List.of(), false);
    static final EventBatch END = new EventBatch(List.of(), true);
}
