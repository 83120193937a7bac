package dev.kiln.dispatch.budget;

import java.time.Instant;
import java.util.Optional;

/**
 * One account's budget as operators and metrics see it.
 *
 * @param inFlight slots held now
 * @param pausedUntil set while the account is paused
 */
public record BudgetSnapshot(
        String account,
        int inFlight,
        int maxInFlight,
        double requestsPerSecond,
        int burst,
        Optional<Instant> pausedUntil,
        Optional<String> pauseReason) {}
