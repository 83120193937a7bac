package dev.kiln.provider;

import java.math.BigDecimal;

/**
 * What a provider says a task cost, as it says it, for a cost ledger. Every part may be missing: Meshy counts
 * credits only; Hunyuan's aggregator gives credits and, at times, a price; Hitem3D reports no per-task cost, only
 * the account's balance, which Kiln reads when a task ends (a ledger takes differences between reads, knowing that
 * other tasks on the same account move it too).
 *
 * @param credits the provider's credits consumed (0 for a refunded task), or null
 * @param amount a money amount charged, or null
 * @param currency the amount's currency (ISO 4217), null without an amount
 * @param accountBalance the account's credit balance as read when the task ended, or null
 */
public record ProviderCost(BigDecimal credits, BigDecimal amount, String currency, BigDecimal accountBalance) {

    public static ProviderCost credits(BigDecimal credits) {
        return new ProviderCost(credits, null, null, null);
    }

    public static ProviderCost charged(BigDecimal credits, BigDecimal amount, String currency) {
        return new ProviderCost(credits, amount, currency, null);
    }

    public static ProviderCost balanceAfter(BigDecimal accountBalance) {
        return new ProviderCost(null, null, null, accountBalance);
    }
}
