package dev.kiln.provider.meshy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.ProviderException;
import dev.kiln.provider.TaskHandle;
import dev.kiln.provider.TaskSnapshot;
import dev.kiln.provider.TaskState;
import dev.kiln.provider.config.ProvidersConfig;
import dev.kiln.provider.http.HttpErrors;
import dev.kiln.provider.http.Json;
import dev.kiln.provider.http.SseEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Follows a Meshy task over SSE until it ends: a stream that drops or goes silent (idle timeout) is reopened
 * after a pause; after the configured number of reopenings it falls back to polling. A final SUCCEEDED
 * message without files is completed with one GET.
 */
final class MeshyFollower {
    private static final Logger LOG = Logger.getLogger(MeshyFollower.class);
    private static final Set<ErrorKind> FATAL =
            Set.of(ErrorKind.NOT_FOUND, ErrorKind.AUTHENTICATION, ErrorKind.INVALID_INPUT, ErrorKind.OUT_OF_CREDITS);

    private final MeshyClient client;
    private final ProvidersConfig.Meshy config;

    MeshyFollower(MeshyClient client) {
        this.client = client;
        this.config = client.config();
    }

    Multi<TaskSnapshot> follow(TaskHandle task, String streamPath, Function<TaskHandle, Uni<TaskSnapshot>> poll) {
        return connect(task, streamPath, poll, 0);
    }

    private Multi<TaskSnapshot> connect(
            TaskHandle task, String streamPath, Function<TaskHandle, Uni<TaskSnapshot>> poll, int reconnects) {
        AtomicBoolean ended = new AtomicBoolean();
        // The idle timeout applies to lines, not events: a comment or heartbeat line shows the stream is alive.
        Multi<TaskSnapshot> session = untilTerminal(
                        client.stream(streamPath, config.sseIdleTimeout()).map(event -> toSnapshot(task, event)))
                .onItem()
                .transformToUniAndConcatenate(snapshot -> complete(snapshot, poll))
                .invoke(snapshot -> ended.set(snapshot.state().isTerminal()))
                .onFailure(MeshyFollower::recoverable)
                .recoverWithCompletion();
        Multi<TaskSnapshot> next = Multi.createFrom().deferred(() -> {
            if (ended.get()) {
                return Multi.createFrom().empty();
            }
            if (reconnects >= config.sseMaxReconnects()) {
                LOG.infof("meshy stream of task %s failed %d times; polling instead", task.taskId(), reconnects + 1);
                return polling(task, poll);
            }
            LOG.debugf("meshy stream of task %s ended before the task; reopening", task.taskId());
            return Uni.createFrom()
                    .voidItem()
                    .onItem()
                    .delayIt()
                    .by(config.sseReconnectDelay())
                    .onItem()
                    .transformToMulti(ignored -> connect(task, streamPath, poll, reconnects + 1));
        });
        return Multi.createBy().concatenating().streams(session, next);
    }

    /** Passes items up to and including the first terminal one, then ends (and so closes the stream). */
    private static Multi<TaskSnapshot> untilTerminal(Multi<TaskSnapshot> snapshots) {
        return snapshots
                .onItem()
                .transformToMultiAndConcatenate(snapshot -> snapshot.state().isTerminal()
                        ? Multi.createFrom().items(Optional.of(snapshot), Optional.<TaskSnapshot>empty())
                        : Multi.createFrom().item(Optional.of(snapshot)))
                .select()
                .first(Optional::isPresent)
                .map(Optional::get);
    }

    /** The stream's final message should carry the whole task; when it does not, ask for it. */
    private static Uni<TaskSnapshot> complete(TaskSnapshot snapshot, Function<TaskHandle, Uni<TaskSnapshot>> poll) {
        if (snapshot.state() == TaskState.SUCCEEDED && snapshot.outputs().isEmpty()) {
            return poll.apply(snapshot.task());
        }
        return Uni.createFrom().item(snapshot);
    }

    private Multi<TaskSnapshot> polling(TaskHandle task, Function<TaskHandle, Uni<TaskSnapshot>> poll) {
        Uni<TaskSnapshot> once = Uni.createFrom()
                .deferred(() -> poll.apply(task))
                .onFailure(failure -> !fatal(failure))
                .retry()
                .withBackOff(config.pollInterval(), config.pollInterval().multipliedBy(6))
                .atMost(5);
        return Multi.createBy()
                .repeating()
                .uni(() -> once)
                .withDelay(config.pollInterval())
                .whilst(snapshot -> !snapshot.state().isTerminal());
    }

    private TaskSnapshot toSnapshot(TaskHandle task, SseEvent event) {
        Optional<JsonNode> data = Json.parse(event.data().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if ("error".equals(event.event())) {
            Long status = data.map(node -> Json.integer(node, "status_code")).orElse(null);
            String message = data.map(node -> Json.text(node, "message")).orElse(null);
            throw client.error(status == null ? 500 : status.intValue(), message, null)
                    .toException();
        }
        JsonNode node = data.filter(JsonNode::isObject)
                .orElseThrow(() -> HttpErrors.malformed("meshy", "stream", "an event is not a JSON object")
                        .toException());
        return MeshyTasks.snapshot(task, node);
    }

    private static boolean recoverable(Throwable failure) {
        return !fatal(failure);
    }

    private static boolean fatal(Throwable failure) {
        return failure instanceof ProviderException provider && FATAL.contains(provider.kind());
    }
}
