package dev.kiln.job;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A job in the ledger. Its {@link #version} is the compare-and-set token of every transition and equals the
 * sequence of the last event it emitted. Change it only through {@link JobLedger}.
 */
@Entity
@Table(name = "job")
public class Job extends PanacheEntityBase {

    @Id
    public String id;

    public String provider;

    @Enumerated(EnumType.STRING)
    public JobState state;

    public long version;

    public String step;

    /** The request as accepted, as JSON; dispatch submits from it. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String request;

    @Column(name = "request_fingerprint")
    public String requestFingerprint;

    /** The caller's labels as a JSON object. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String labels;

    public Instant deadline;

    @Column(name = "outcome_code")
    public String outcomeCode;

    @Column(name = "outcome_message")
    public String outcomeMessage;

    @Column(name = "cancel_requested_at")
    public Instant cancelRequestedAt;

    @Column(name = "cancel_reason")
    public String cancelReason;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
