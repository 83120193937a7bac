package dev.kiln.job;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One step of a job's history: the transition that produced event {@code sequence}. */
@Entity
@Table(name = "job_transition")
public class JobTransition extends PanacheEntityBase {

    @EmbeddedId
    public Key key;

    @Column(name = "from_state")
    @Enumerated(EnumType.STRING)
    public JobState fromState;

    @Column(name = "to_state")
    @Enumerated(EnumType.STRING)
    public JobState toState;

    public String step;

    @Column(name = "reason_code")
    public String reasonCode;

    public String reason;

    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    /**
     * The event this transition announced, as JSON, the same as its outbox row's payload; kept after the outbox
     * row is deleted. Null for transitions made before V6 whose outbox row was already gone.
     */
    @JdbcTypeCode(SqlTypes.JSON)
    public String event;

    @Embeddable
    public record Key(@Column(name = "job_id") String jobId, long sequence) implements Serializable {}
}
