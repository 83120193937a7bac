package dev.kiln.api.stream;

import dev.kiln.config.KilnConfig;
import dev.kiln.events.OutboxRelay;
import dev.kiln.job.Ledgers;
import dev.kiln.work.WakeLoop;
import dev.kiln.work.WakeLoops;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The replica's hub of live job events. It LISTENs once for the whole replica (the outbox trigger's NOTIFY, sent
 * at the commit of every transition) and, when woken, reads the new events of every followed job in one query and
 * hands them to the streams waiting for them. A replica nobody follows a job on does nothing: it starts listening
 * with its first stream.
 */
@ApplicationScoped
public class JobEventFeeds {

    private final Map<String, JobFeed> feeds = new ConcurrentHashMap<>();
    private final JobEventLog log;
    private final KilnConfig.EventStreams config;
    private final WakeLoop loop;

    JobEventFeeds(JobEventLog log, WakeLoops loops, KilnConfig config) {
        this.log = log;
        this.config = config.api().eventStreams();
        // The drain reads the database from NOTIFY handlers and timers: on a fresh context, as Ledgers explains.
        this.loop = loops.loop(
                "job event streams",
                List.of(OutboxRelay.CHANNEL),
                this.config.pollInterval(),
                () -> Ledgers.onFreshContext(this::drain));
    }

    void onStop(@Observes ShutdownEvent event) {
        loop.stop();
    }

    /**
     * The events of {@code jobId} after sequence {@code after} — first the past ones, then new ones as they are
     * committed — in batches, until its terminal event.
     */
    Multi<EventBatch> follow(String jobId, long after, JobHead head) {
        return Multi.createFrom()
                .resource(
                        () -> join(jobId, head.version()),
                        feed -> new EventFollower(feed, log, after, config.batchSize(), config.heartbeat()).batches())
                .withFinalizer(this::leave);
    }

    /** How many jobs this replica's streams follow now. */
    int followed() {
        return feeds.size();
    }

    private JobFeed join(String jobId, long version) {
        loop.start();
        return feeds.compute(jobId, (id, feed) -> {
            JobFeed joined = feed != null ? feed : new JobFeed(id, version);
            joined.join();
            return joined;
        });
    }

    private void leave(JobFeed feed) {
        feeds.computeIfPresent(feed.jobId, (id, current) -> current == feed && feed.leave() ? null : current);
    }

    /** One read for every followed job: the events after what the hub has read of each. */
    private Uni<Boolean> drain() {
        if (feeds.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        List<JobFeed> followed = new ArrayList<>(feeds.values());
        List<String> jobIds = new ArrayList<>(followed.size());
        List<Long> latest = new ArrayList<>(followed.size());
        for (JobFeed feed : followed) {
            jobIds.add(feed.jobId);
            latest.add(feed.latest());
        }
        int limit = config.batchSize() * Math.max(1, Math.min(followed.size(), 10));
        return log.after(jobIds, latest, limit).map(events -> {
            // Ordered by job, then sequence: hand each job's run of events to its feed.
            int start = 0;
            for (int i = 1; i <= events.size(); i++) {
                if (i == events.size()
                        || !events.get(i).jobId().equals(events.get(start).jobId())) {
                    JobFeed feed = feeds.get(events.get(start).jobId());
                    if (feed != null) {
                        feed.publish(events.subList(start, i));
                    }
                    start = i;
                }
            }
            return events.size() >= limit;
        });
    }
}
