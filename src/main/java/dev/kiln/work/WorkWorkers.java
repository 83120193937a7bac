package dev.kiln.work;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Starts one {@link WorkWorker} per {@link PhaseHandler} bean when {@code kiln.work.enabled}, and stops them
 * first at shutdown (before the leases are handed back), so no handler starts work it cannot finish.
 */
@ApplicationScoped
public class WorkWorkers {

    private static final Logger LOG = Logger.getLogger(WorkWorkers.class);

    private final List<WorkWorker> workers = new ArrayList<>();

    void onStart(
            @Observes StartupEvent event,
            Instance<PhaseHandler> handlers,
            WorkItems items,
            Replica replica,
            WorkConfig config,
            Vertx vertx,
            WakeLoops loops,
            java.time.Clock clock) {
        if (!config.enabled()) {
            LOG.info("work in flight is not handled by this replica (kiln.work.enabled=false)");
            return;
        }
        for (PhaseHandler handler : handlers) {
            WorkWorker worker = new WorkWorker(items, replica, config, vertx, loops, handler, clock);
            workers.add(worker);
            worker.start();
        }
        LOG.infof(
                "replica %s handles %s",
                replica.owner(), workers.stream().map(w -> w.phase().column()).toList());
    }

    // Before LeaseKeeper's hand-back (default priority): stop claiming, then give back what is held.
    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        workers.forEach(WorkWorker::stop);
    }

    /** The running workers, for health and metrics. */
    public List<WorkWorker> workers() {
        return List.copyOf(workers);
    }
}
