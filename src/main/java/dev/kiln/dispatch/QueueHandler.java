package dev.kiln.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.job.JobLedger;
import dev.kiln.job.JobState;
import dev.kiln.job.Transition;
import dev.kiln.provider.ProviderAdapter;
import dev.kiln.work.PhaseHandler;
import dev.kiln.work.WorkItem;
import dev.kiln.work.WorkPhase;
import dev.kiln.work.WorkUpdate;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Takes a new job from {@code ACCEPTED} to {@code QUEUED}: names its steps and the provider account whose budget
 * it will wait for, and hands it to the {@link SubmitHandler}.
 */
@ApplicationScoped
public class QueueHandler implements PhaseHandler {

    private final JobLedger ledger;
    private final ClaimedRequests requests;
    private final StepEnds ends;
    private final ObjectMapper json;
    private final Clock clock;

    public QueueHandler(JobLedger ledger, ClaimedRequests requests, StepEnds ends, ObjectMapper json, Clock clock) {
        this.ledger = ledger;
        this.requests = requests;
        this.ends = ends;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public WorkPhase phase() {
        return WorkPhase.QUEUE;
    }

    @Override
    public Uni<Void> handle(WorkItem item) {
        JobState state = StepEnds.stateOf(item);
        long version = item.job().version();
        if (state != JobState.ACCEPTED) {
            // Canceled while it waited (an accepted job is canceled at once): nothing left to dispatch.
            return ends.retire(item);
        }
        Instant now = clock.instant();
        if (StepEnds.pastDeadline(item, now)) {
            return ends.deadlinePassed(item, "before it reached the provider");
        }
        Optional<ProviderAdapter> adapter = requests.adapter(item);
        if (adapter.isEmpty()) {
            return ends.providerMissing(item);
        }
        List<String> steps = requests.steps(item, adapter.get());
        String account = adapter.get().account();
        ObjectNode details = json.createObjectNode().put("account", account);
        details.putArray("steps")
                .addAll(steps.stream().map(json.getNodeFactory()::textNode).toList());
        return ledger.transitionUnderLease(
                        item.lease(),
                        version,
                        new Transition(JobState.QUEUED, steps.get(0), null, null, details),
                        WorkUpdate.to(WorkPhase.SUBMIT, now).step(steps.get(0), account),
                        null)
                .replaceWithVoid();
    }
}
