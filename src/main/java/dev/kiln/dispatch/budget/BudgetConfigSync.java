package dev.kiln.dispatch.budget;

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
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final AccountBudgets budgets;
    private final BudgetsConfig config;

    BudgetConfigSync(AccountBudgets budgets, BudgetsConfig config) {
        this.budgets = budgets;
        this.config = config;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) StartupEvent event) {
        Map<String, AccountLimits> limits = new LinkedHashMap<>();
        config.accounts().forEach((account, values) -> limits.put(account, values.limits()));
        // Startup observers run on the main thread, not an event loop: waiting here is allowed and intended.
        budgets.configure(limits).await().atMost(TIMEOUT);
        limits.forEach((account, value) -> LOG.infof(
                "Budget of provider account %s: %d in flight, %.1f requests/s, burst %d",
                account, value.maxInFlight(), value.requestsPerSecond(), value.burst()));
    }
}
