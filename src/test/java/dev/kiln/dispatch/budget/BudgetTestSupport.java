package dev.kiln.dispatch.budget;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the budget tests share: the application's budgets, other replicas on their own pools, and accounts of
 * their own so that tests never see each other's slots.
 */
abstract class BudgetTestSupport {

    static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    AccountBudgets budgets;

    @Inject
    Vertx vertx;

    @Inject
    Pool pool;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String reactiveUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    Replicas replicas;

    /** Slots are keyed by job and step across all accounts: each test's jobs are its own. */
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void openReplicas() {
        replicas = new Replicas(vertx, reactiveUrl, user, password);
    }

    @AfterEach
    void closeReplicas() {
        replicas.close();
    }

    /** A new account with these limits. */
    String account(String name, AccountLimits limits) {
        String account = "test-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
        answer(budgets.configure(Map.of(account, limits)));
        return account;
    }

    String job(String name) {
        return run + "-" + name;
    }

    BudgetSnapshot snapshotOf(String account) {
        return answer(budgets.snapshot()).stream()
                .filter(budget -> budget.account().equals(account))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no budget row for " + account));
    }

    static <T> T answer(Uni<T> work) {
        return work.await().atMost(DEADLINE);
    }
}
