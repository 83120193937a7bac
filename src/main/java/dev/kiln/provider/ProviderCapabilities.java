package dev.kiln.provider;

/**
 * What a provider API offers beyond create and poll, and its account budget.
 *
 * @param streaming status can be followed over SSE ({@link ProviderAdapter#follow})
 * @param callbacks the provider POSTs task changes to a URL we give it
 * @param cancel tasks can be canceled
 * @param listing recent tasks can be listed (reconciliation)
 * @param maxConcurrentTasks the account's concurrent-task budget, from configuration; adapters of the same
 *     {@link ProviderAdapter#account()} report the same budget, which they share
 */
public record ProviderCapabilities(
        boolean streaming, boolean callbacks, boolean cancel, boolean listing, int maxConcurrentTasks) {}
