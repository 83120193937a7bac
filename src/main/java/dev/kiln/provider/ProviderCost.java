package dev.kiln.provider;

import java.math.BigDecimal;

/**
 * What a provider says a task cost, as it says it, for a cost ledger. Either part may be missing: Meshy counts
 * credits only; Hunyuan's aggregator gives credits and, at times, a price.
 *
 * @param credits the provider's credits consumed (0 for a refunded task), or null
 * @param amount a money amount charged, or null
 * @param currency the amount's currency (ISO 4217), null without an amount
 */
public record ProviderCost(BigDecimal credits, BigDecimal amount, String currency) {

    public static ProviderCost credits(BigDecimal credits) {
        return new ProviderCost(credits, null, null);
    }
}
