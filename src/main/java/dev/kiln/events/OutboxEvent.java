package dev.kiln.events;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An event written in the same transaction as the state change it announces; the relay publishes it. */
@Entity
@Table(name = "outbox")
public class OutboxEvent extends PanacheEntityBase {

    /**
     * The identity Hibernate knows the row by. Assigned, so that a batch of inserts goes out as one statement;
     * the relay's order comes from the {@code id} column, a serial the database assigns at insert.
     */
    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "job_id")
    public String jobId;

    public long sequence;

    @Column(name = "event_type")
    public String eventType;

    /** Terminal events also go to the completions topic. */
    public boolean terminal;

    /** The {@link JobEvent} as JSON: the CloudEvent's data. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String payload;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;
}
