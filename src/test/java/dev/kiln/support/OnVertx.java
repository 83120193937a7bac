package dev.kiln.support;

import io.quarkus.arc.Arc;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs reactive work from a test thread on a Vert.x context, as Hibernate Reactive requires, and waits for it
 * (at most a minute). Every call gets a new duplicated context, so concurrent calls from several test threads
 * never share a Hibernate Reactive session.
 */
public final class OnVertx {

    private OnVertx() {}

    public static <T> T await(Supplier<Uni<T>> work) {
        Vertx vertx = Arc.container().instance(Vertx.class).get();
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(ignored -> {
            try {
                work.get().subscribe().with(result::complete, result::completeExceptionally);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new AssertionError("Reactive work did not finish within 60 s", e);
        }
    }

    /** Like {@link #await} inside a Hibernate Reactive session. */
    public static <T> T inSession(Supplier<Uni<T>> work) {
        return await(() -> Panache.withSession(work::get));
    }
}
