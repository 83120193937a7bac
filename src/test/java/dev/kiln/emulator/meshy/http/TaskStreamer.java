package dev.kiln.emulator.meshy.http;

import dev.kiln.emulator.meshy.task.TaskSnapshot;
import dev.kiln.emulator.meshy.task.TaskStatus;
import dev.kiln.emulator.meshy.task.TaskViews;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.emulator.scenario.SseMode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Serves a task's stream: an {@code event: message} with id, progress and status whenever they change while the
 * task is PENDING or IN_PROGRESS, the whole object once it ends, then the end of the response. A task that is
 * unknown (or not visible on this path) gets one {@code event: error} 404 and the end.
 *
 * <p>Scenario knobs: {@code sse} {@code drop} (the connection closes after {@code sseEventsBeforeFault} events) or
 * {@code silent} (nothing more after that many events, the connection stays open); {@code sseMultiLineData: true}
 * spreads each JSON over several {@code data:} lines, as the vendor's examples show it; {@code sseCloseAfterFinal}
 * (default {@code true}): {@code false} keeps the connection open after the final event, until the client leaves.
 */
public final class TaskStreamer {

    private final Vertx vertx;
    private final TaskViews views;
    private final long intervalMillis;

    public TaskStreamer(Vertx vertx, TaskViews views, long intervalMillis) {
        this.vertx = vertx;
        this.views = views;
        this.intervalMillis = intervalMillis;
    }

    /**
     * @param lookup the task as this path and caller may see it now (empty when unknown, another account's, or of
     *     another stage)
     */
    public void stream(RoutingContext ctx, Supplier<Optional<TaskSnapshot>> lookup, Scenario scenario) {
        boolean multiLine =
                scenario.string("sseMultiLineData").map(Boolean::parseBoolean).orElse(false);
        SseWriter writer = new SseWriter(ctx.response(), multiLine);
        writer.open();
        int faultAfter = scenario.sse() == SseMode.NORMAL ? 0 : Math.max(1, scenario.sseEventsBeforeFault());
        boolean closeAfterFinal =
                scenario.string("sseCloseAfterFinal").map(Boolean::parseBoolean).orElse(true);
        new Follower(ctx, writer, lookup, scenario.sse(), faultAfter, closeAfterFinal).start();
    }

    private final class Follower {
        private final RoutingContext ctx;
        private final SseWriter writer;
        private final Supplier<Optional<TaskSnapshot>> lookup;
        private final SseMode mode;
        private final int faultAfter;
        private final boolean closeAfterFinal;
        private long timerId = -1;
        private int sent;
        private TaskStatus lastStatus;
        private int lastProgress = -1;

        Follower(
                RoutingContext ctx,
                SseWriter writer,
                Supplier<Optional<TaskSnapshot>> lookup,
                SseMode mode,
                int faultAfter,
                boolean closeAfterFinal) {
            this.ctx = ctx;
            this.writer = writer;
            this.lookup = lookup;
            this.mode = mode;
            this.faultAfter = faultAfter;
            this.closeAfterFinal = closeAfterFinal;
        }

        void start() {
            ctx.response().closeHandler(closed -> stop());
            if (tick()) {
                timerId = vertx.setPeriodic(intervalMillis, id -> {
                    if (!tick()) {
                        stop();
                    }
                });
            }
        }

        /** Sends what changed; returns whether to keep following. */
        private boolean tick() {
            if (writer.closed()) {
                return false;
            }
            if (sent == faultAfter && mode == SseMode.DROP) {
                // One interval after the last event (so it is surely delivered) the connection goes away,
                // without a final event.
                ctx.request().connection().close();
                return false;
            }
            Optional<TaskSnapshot> found = lookup.get();
            if (found.isEmpty()) {
                writer.error(404, "Task not found");
                writer.end();
                return false;
            }
            TaskSnapshot task = found.get();
            if (task.status() == lastStatus && task.progress() == lastProgress) {
                return true;
            }
            lastStatus = task.status();
            lastProgress = task.progress();
            boolean ended = task.status().terminal();
            writer.message(ended ? views.full(task) : TaskViews.progressOnly(task));
            sent++;
            if (ended) {
                if (closeAfterFinal) {
                    writer.end();
                }
                // Either way nothing more is sent; an open connection stays until the client leaves.
                return false;
            }
            // SILENT: nothing more is sent, and the connection stays open until the client leaves.
            return !(sent == faultAfter && mode == SseMode.SILENT);
        }

        private void stop() {
            if (timerId >= 0) {
                vertx.cancelTimer(timerId);
                timerId = -1;
            }
        }
    }
}
