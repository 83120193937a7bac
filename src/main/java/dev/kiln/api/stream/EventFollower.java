package dev.kiln.api.stream;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One SSE stream's position in its job's events. It pulls: the next batch is looked for only once the stream has
 * written the last one, so a slow client holds at most one batch here and nothing in the hub. Its own history, and
 * whatever it missed while busy writing, it reads from the database itself; while it is caught up it waits for the
 * hub, which reads each new event once for all the streams of the replica.
 */
final class EventFollower {

    private static final List<StoredEvent> IDLE = List.of();

    private final JobFeed feed;
    private final JobEventLog log;
    private final int batchSize;
    private final Duration heartbeat;

    private volatile long sent;
    private volatile boolean started;
    private volatile boolean ended;

    /** @param after the last sequence the client has (its Last-Event-ID), 0 for all */
    EventFollower(JobFeed feed, JobEventLog log, long after, int batchSize, Duration heartbeat) {
        this.feed = feed;
        this.log = log;
        this.sent = after;
        this.batchSize = batchSize;
        this.heartbeat = heartbeat;
    }

    /** Batches until the job's terminal event has been handed on; a heartbeat after {@code heartbeat} idle. */
    Multi<EventBatch> batches() {
        return Multi.createBy().repeating().uni(this::next).until(EventBatch::end);
    }

    private Uni<EventBatch> next() {
        if (ended) {
            return Uni.createFrom().item(EventBatch.END);
        }
        if (!started || feed.latest() > sent) {
            started = true;
            return read();
        }
        return waitForHub();
    }

    private Uni<EventBatch> read() {
        return log.after(feed.jobId, sent, batchSize)
                .chain(events ->
                        events.isEmpty() ? waitForHub() : Uni.createFrom().item(take(events)));
    }

    private Uni<EventBatch> waitForHub() {
        Context context = Vertx.currentContext();
        return Uni.createFrom()
                .<List<StoredEvent>>emitter(emitter -> {
                    // Delivered on this stream's own context, not on the hub's.
                    JobFeed.Waiter waiter = events -> {
                        if (context == null) {
                            emitter.complete(events);
                        } else {
                            context.runOnContext(ignored -> emitter.complete(events));
                        }
                    };
                    emitter.onTermination(() -> feed.forget(waiter));
                    if (!feed.await(sent, waiter)) {
                        emitter.complete(null);
                    }
                })
                .ifNoItem()
                .after(heartbeat)
                .recoverWithItem(IDLE)
                .chain(events -> {
                    if (events == null) {
                        return read();
                    }
                    if (events == IDLE) {
                        return Uni.createFrom().item(EventBatch.HEARTBEAT);
                    }
                    EventBatch batch = take(events);
                    return batch.events().isEmpty()
                            ? waitForHub()
                            : Uni.createFrom().item(batch);
                });
    }

    /** The events after {@link #sent}, up to the terminal one; moves {@link #sent} past them. */
    private EventBatch take(List<StoredEvent> events) {
        List<StoredEvent> taken = new ArrayList<>(events.size());
        for (StoredEvent event : events) {
            if (event.sequence() <= sent) {
                continue;
            }
            taken.add(event);
            sent = event.sequence();
            if (event.terminal()) {
                ended = true;
                break;
            }
        }
        return new EventBatch(taken, false);
    }
}
