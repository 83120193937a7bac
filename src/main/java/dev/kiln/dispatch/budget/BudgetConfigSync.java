package dev.kiln.dispatch.budget;

import dev.kiln.provider.ProviderAdapter;
import dev.kiln.provider.ProviderRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Writes the configured account limits to their budget rows at startup, before the default-priority startup
 * observers (the dispatcher among them) can take a slot. A replica that cannot write them does not start.
 */
@ApplicationScoped
class BudgetConfigSync {

    private static final Logger LOG = Logger.getLogger(BudgetConfigSync.class);
    private static final double DEFAULT_RATE = 5;
    private static final int DEFAULT_BURST = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final AccountBudgets budgets;
    private final BudgetsConfig config;
    private final ProviderRegistry registry;

    BudgetConfigSync(AccountBudgets budgets, BudgetsConfig config, ProviderRegistry registry) {
        this.budgets = budgets;
        this.config = config;
        this.registry = registry;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) StartupEvent event) {
        Map<String, AccountLimits> limits = new LinkedHashMap<>();
        config.accounts().forEach((account, values) -> limits.put(account, values.limits()));
        // An account an adapter spends but nobody budgeted still gets one, from the adapter's own concurrency
        // figure: dispatch only takes jobs of accounts with a budget, and a job must never wait for none.
        for (ProviderAdapter adapter : registry.all()) {
            limits.computeIfAbsent(
                    adapter.account(),
                    account -> new AccountLimits(
                            Math.max(1, adapter.capabilities().maxConcurrentTasks()), DEFAULT_RATE, DEFAULT_BURST));
        }
        // Startup observers run on the main thread, not an event loop: waiting here is allowed and intended.
        budgets.configure(limits).await().atMost(TIMEOUT);
        limits.forEach((account, value) -> LOG.infof(
                "Budget of provider account %s: %d in flight, %.1f requests/s, burst %d",
                account, value.maxInFlight(), value.requestsPerSecond(), value.burst()));
    }
}
