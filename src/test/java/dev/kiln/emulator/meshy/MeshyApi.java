package dev.kiln.emulator.meshy;

import dev.kiln.emulator.EmulatedApi;
import dev.kiln.emulator.EmulatorContext;
import dev.kiln.emulator.meshy.account.MeshyAccounts;
import dev.kiln.emulator.meshy.figure.FigureRoutes;
import dev.kiln.emulator.meshy.http.TaskStreamer;
import dev.kiln.emulator.meshy.imageto3d.ImageTo3dRoutes;
import dev.kiln.emulator.meshy.task.MeshyAssets;
import dev.kiln.emulator.meshy.task.MeshyTasks;
import dev.kiln.emulator.meshy.task.TaskViews;
import dev.kiln.emulator.task.TaskTiming;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The emulated Meshy APIs — Image to 3D, Multi-Image to 3D and Creative Lab figure (prototype → build) — at the
 * vendor's paths under {@code /openapi/}, with its bearer keys, per-account limits, task lifecycle, streams and
 * errors. Provider name {@value MeshyAccounts#PROVIDER} in the call log, scenario rules, accounts and tasks.
 */
public final class MeshyApi implements EmulatedApi {

    /** Vendor-like durations (Meshy takes 20–150 s); tests shorten them with scenarios or move the clock. */
    public static final TaskTiming DEFAULT_TIMING =
            new TaskTiming(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(30));
    /** Meshy keeps results 3 days for non-Enterprise accounts. */
    public static final Duration RETENTION = Duration.ofDays(3);
    /** How often an open stream looks for a change to send. */
    static final Duration STREAM_INTERVAL = Duration.ofMillis(100);
    /** Data URIs make big bodies; the vendor documents no cap. */
    private static final long BODY_LIMIT_BYTES = 32L << 20;

    private final MeshyAccounts accounts;
    private MeshyTasks tasks;

    /** The API as the ServiceLoader makes it: request rates measured on the system's monotonic clock. */
    public MeshyApi() {
        this(System::nanoTime);
    }

    /** @param nanoTime the monotonic time request rates are measured in (a test may drive it) */
    public MeshyApi(LongSupplier nanoTime) {
        this.accounts = new MeshyAccounts(nanoTime);
    }

    @Override
    public String provider() {
        return MeshyAccounts.PROVIDER;
    }

    @Override
    public void mount(Router router, EmulatorContext ctx) {
        router.route("/openapi/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
        tasks = new MeshyTasks(ctx, DEFAULT_TIMING, RETENTION);
        TaskViews views = new TaskViews(new MeshyAssets(ctx));
        MeshyRuntime runtime = new MeshyRuntime(
                ctx, accounts, tasks, views, new TaskStreamer(ctx.vertx(), views, STREAM_INTERVAL.toMillis()));
        ImageTo3dRoutes.mount(router, runtime);
        FigureRoutes.mount(router, runtime);
    }

    @Override
    public void reset(EmulatorContext ctx) {
        tasks.clear();
        accounts.reset(ctx);
    }
}
