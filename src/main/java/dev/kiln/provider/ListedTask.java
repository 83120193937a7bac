package dev.kiln.provider;

import java.time.Instant;

/**
 * One task of a provider's listing, with what reconciliation needs to tell whose it is: when the provider says
 * it was created.
 *
 * @param snapshot the task as listed
 * @param createdAt when the provider created it, by the provider's clock; null when the listing does not say
 */
public record ListedTask(TaskSnapshot snapshot, Instant createdAt) {}
