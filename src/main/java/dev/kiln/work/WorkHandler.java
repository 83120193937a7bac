package dev.kiln.work;

import io.smallrye.mutiny.Uni;

/** Handles one claimed work item. Everything it writes goes through the ledger under the item's lease. */
@FunctionalInterface
public interface WorkHandler {

    /** Does what the item's phase asks; completes when the item is written back (or its lease was lost). */
    Uni<Void> handle(WorkItem item);
}
