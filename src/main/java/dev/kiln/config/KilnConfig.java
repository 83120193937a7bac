package dev.kiln.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Kiln's own configuration, under {@code kiln.}. Every property is listed in the README's configuration table. */
@ConfigMapping(prefix = "kiln")
public interface KilnConfig {

    /** Kafka topic names. */
    Topics topics();

    /** The outbox relay. */
    Outbox outbox();

    /** The operator REST API. */
    Api api();

    interface Topics {
        /** Topic of job.requested and job.cancel-requested. */
        @WithDefault("kiln.jobs.requests")
        String requests();

        /** Topic of every job event. */
        @WithDefault("kiln.jobs.events")
        String events();

        /** Topic of terminal job events only. */
        @WithDefault("kiln.jobs.completions")
        String completions();

        /** Topic of request records that could not become a job. */
        @WithDefault("kiln.jobs.requests.dlq")
        String deadLetters();
    }

    interface Outbox {
        /** Whether this replica relays the outbox to Kafka (one replica at a time does, under an advisory lock). */
        @WithDefault("true")
        boolean enabled();

        /** Most events published per relay transaction. */
        @WithDefault("500")
        int batchSize();

        /** How often the relay looks for unsent events when no commit notification woke it (a safety net). */
        @WithDefault("2s")
        Duration pollInterval();

        /** How long a batch may wait for the broker's acknowledgements before it is retried. */
        @WithDefault("30s")
        Duration publishTimeout();

        /** How long sent events stay in the outbox table before they are deleted. */
        @WithDefault("P1D")
        Duration retention();
    }

    interface Api {
        /** Largest page the job list returns. */
        @WithDefault("200")
        int maxPageSize();

        /** Live job event streams ({@code GET /jobs/{jobId}/events}). */
        EventStreams eventStreams();
    }

    interface EventStreams {
        /** Most events a stream reads at once (its history, or what it missed while its client was slow). */
        @WithDefault("100")
        int batchSize();

        /** How long a stream may stay silent before it sends a comment, so proxies keep it and dead clients show. */
        @WithDefault("15s")
        Duration heartbeat();

        /** How often a replica with open streams looks for new events when no commit notification woke it. */
        @WithDefault("5s")
        Duration pollInterval();
    }
}
