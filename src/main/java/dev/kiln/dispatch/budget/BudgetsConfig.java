package dev.kiln.dispatch.budget;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.util.Map;

/**
 * Provider account budgets, under {@code kiln.budgets.<account>.…}. Each account's limits are written to its
 * budget row in PostgreSQL at startup, where every replica enforces them together. The accounts' values (from
 * the contract sheets) are in {@code application.properties}; an account named here with no limits gets the
 * defaults below.
 */
@ConfigMapping(prefix = "kiln.budgets")
public interface BudgetsConfig {

    /** Limits by provider account ({@code hitem3d}, {@code hunyuan3d-pro}, {@code meshy}). */
    @WithParentName
    Map<String, Account> accounts();

    interface Account {
        /** Provider tasks the account may have in flight at once, across all replicas. */
        int maxInFlight();

        /**
         * Requests per second the account may receive, across all replicas. Kiln's own cautious default, for
         * providers that publish no number.
         */
        @WithDefault("5")
        double requestsPerSecond();

        /** Requests that may go out at once after a quiet spell (the token bucket's size). */
        @WithDefault("5")
        int burst();

        default AccountLimits limits() {
            return new AccountLimits(maxInFlight(), requestsPerSecond(), burst());
        }
    }
}
