package dev.kiln.work;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Makes {@link WakeLoop}s that LISTEN on Kiln's own database. */
@ApplicationScoped
public class WakeLoops {

    private final Vertx vertx;
    private final PgConnectOptions listenOptions;

    public WakeLoops(
            Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.vertx = vertx;
        this.listenOptions = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""))
                .setUser(user)
                .setPassword(password);
    }

    /** A loop woken by notifications on {@code channels} (none: only by its timer and by wake calls). */
    public WakeLoop loop(String name, List<String> channels, Duration safetyNet, Supplier<Uni<Boolean>> drain) {
        return new WakeLoop(name, vertx, channels.isEmpty() ? null : listenOptions, channels, safetyNet, drain);
    }
}
