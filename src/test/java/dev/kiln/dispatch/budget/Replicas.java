package dev.kiln.dispatch.budget;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Stand-ins for other Kiln replicas: each its own connection pool to the same database, with its own
 * {@link AccountBudgets}. Closing closes the pools.
 */
final class Replicas implements AutoCloseable {

    private final Vertx vertx;
    private final PgConnectOptions options;
    private final List<Pool> pools = new ArrayList<>();

    Replicas(Vertx vertx, String reactiveUrl, String user, String password) {
        this.vertx = vertx;
        this.options = PgConnectOptions.fromUri(reactiveUrl.replaceFirst("^vertx-reactive:", ""))
                .setUser(user)
                .setPassword(password);
    }

    PgConnectOptions connectOptions() {
        return options;
    }

    /** A new replica's budgets, on its own pool of {@code connections}. */
    AccountBudgets replica(int connections, Clock clock) {
        Pool pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(connections))
                .connectingTo(options)
                .using(vertx)
                .build();
        pools.add(pool);
        return new AccountBudgets(pool, clock);
    }

    @Override
    public void close() {
        pools.forEach(pool -> pool.close().await().atMost(Duration.ofSeconds(30)));
        pools.clear();
    }
}
