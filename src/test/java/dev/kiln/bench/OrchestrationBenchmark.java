package dev.kiln.bench;

import dev.kiln.bench.BenchJobs.Finished;
import dev.kiln.bench.BenchJobs.Kind;
import dev.kiln.emulator.EmulatorOptions;
import dev.kiln.emulator.EmulatorServer;
import dev.kiln.emulator.account.Account;
import dev.kiln.emulator.hunyuan.HunyuanApi;
import dev.kiln.emulator.meshy.account.MeshyAccounts;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.local.KilnProcess;
import dev.kiln.local.KilnProcesses;
import dev.kiln.stack.LocalStack;
import dev.kiln.stack.Ports;
import dev.kiln.stack.PostgresServer;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * Orchestration under load, with one Kiln process against the provider emulator: M jobs (default 10,000,
 * {@code -Dbench.jobs=M}) in flight at once, a third for each way of tracking (Meshy over SSE, Hitem3D by callback,
 * Hunyuan by polling), each task taking {@code bench.task-seconds} at the emulator. Reports jobs reaching GENERATED
 * per second, Kiln's time from the create call to GENERATED over the emulator's own task time (p50, p99, per
 * tracking method), Kiln's heap after a full GC and its threads at the peak, and its CPU time per job; beside it
 * the naive peer ({@link NaivePeer}: a platform thread per job, blocking polls) on as many jobs; and the backlog
 * figure ({@link BacklogProbe}). Run with {@code ./mvnw -Pbench-orchestration package}.
 */
public final class OrchestrationBenchmark {

    private static final String REQUESTS = "kiln.jobs.requests";

    private OrchestrationBenchmark() {}

    /** What was measured of one process while it carried the jobs. */
    record Footprint(
            int peakInFlight,
            long heapAfterGc,
            int threadsIdle,
            int threadsAtPeak,
            int threadsMax,
            double cpuSeconds) {}

    public static void main(String[] args) throws Exception {
        int m = Integer.getInteger("bench.jobs", 10_000);
        int taskSeconds = Integer.getInteger("bench.task-seconds", 60);
        int naivePollMillis = Integer.getInteger("bench.naive-poll-ms", 1000);
        int backlog = Integer.getInteger("bench.backlog", 1_000_000);
        int samples = Integer.getInteger("bench.backlog-samples", 9);
        Path dir = Path.of("target", "bench-orchestration");
        say("Starting Kafka, PostgreSQL (database kiln_bench_orchestration, fresh), S3 and the emulator …");
        LocalStack stack = LocalStack.start(dir, Ports.free(), Ports.free(), "kiln_bench_orchestration", true);
        EmulatorServer emulator = EmulatorServer.start(EmulatorOptions.defaults()
                .baseScenario(Scenario.of(new JsonObject()
                        .put("createdMillis", 0)
                        .put("queueMillis", 0)
                        .put("processingMillis", taskSeconds * 1000L))));
        int capacity = 2 * m + 2 * samples + 100;
        raiseEmulatorLimits(emulator, capacity);
        int port = Ports.free();
        say("Starting Kiln …");
        KilnProcess kiln =
                KilnProcess.start(kilnConfig(stack, emulator, port, m, capacity), port, dir.resolve("kiln.log"));
        String runId = UUID.randomUUID().toString().substring(0, 8);
        try (Connection db = connect(stack.postgres())) {
            warmUp(stack, db, "bench-" + runId + "-warmup-");
            String prefix = "bench-" + runId + "-job-";
            long start = System.nanoTime();
            Footprint kilnFootprint = carry(stack, db, kiln, prefix, m, taskSeconds);
            double elapsed = (System.nanoTime() - start) / 1e9;
            List<Finished> finished = BenchJobs.finished(db, prefix, emulator);
            String template = anyJobOf(db, prefix, BacklogProbe.ACCOUNT);
            // The peer and the backlog start on an emulator holding none of the jobs above.
            emulator.context().tasks().clear();
            emulator.context().calls().clear();
            NaivePeerRun.Result naive = NaivePeerRun.run(emulator, dir, m, naivePollMillis);
            emulator.context().tasks().clear();
            emulator.context().calls().clear();
            say("Backlog: " + samples + " freed slots with an empty backlog, then with " + backlog + " queued …");
            BacklogProbe.Result backlogResult =
                    new BacklogProbe(db, emulator, "bench-" + runId + "-").run(template, backlog, samples);
            report(m, taskSeconds, elapsed, finished, kilnFootprint, naive, naivePollMillis, backlogResult);
        } finally {
            kiln.terminate();
            emulator.close();
        }
        System.exit(0);
    }

    /** High limits everywhere, so that only Kiln's own behaviour shapes the figures. */
    private static Map<String, String> kilnConfig(
            LocalStack stack, EmulatorServer emulator, int port, int m, int capacity) {
        Map<String, String> config = new LinkedHashMap<>(stack.quarkusConfig());
        config.putAll(KilnProcesses.emulatorConfig(emulator.baseUrl()));
        config.put("quarkus.http.host", "127.0.0.1");
        config.put("kiln.work.enabled", "true");
        config.put("kiln.work.owner", "bench-kiln");
        // A followed stream is an item in hand for a whole stream session: room for every job at once.
        config.put("kiln.work.concurrency", Integer.toString(Math.max(256, m + 256)));
        config.put("kiln.work.claim-batch", "500");
        for (String account : List.of("meshy", "hitem3d", "hunyuan3d-pro")) {
            config.put("kiln.budgets." + account + ".max-in-flight", Integer.toString(capacity));
            config.put("kiln.budgets." + account + ".requests-per-second", "5000");
            config.put("kiln.budgets." + account + ".burst", "1000");
        }
        for (String provider : List.of("meshy", "hitem3d", "hunyuan")) {
            config.put("kiln.providers." + provider + ".max-concurrent-tasks", Integer.toString(capacity));
            // Each SSE stream holds a connection: the pool must have one per stream.
            config.put("kiln.providers." + provider + ".http.pool-size", Integer.toString(m + 100));
            config.put("kiln.providers." + provider + ".http.max-wait-queue", Integer.toString(2 * m + 100));
        }
        config.put("kiln.providers.hitem3d.callback-base-url", "http://127.0.0.1:" + port + "/callbacks/hitem3d");
        config.put("kiln.providers.hitem3d.callback-signing-key", "bench-callback-signing-key");
        return config;
    }

    private static void raiseEmulatorLimits(EmulatorServer emulator, int capacity) {
        BigDecimal plenty = new BigDecimal("1000000000000");
        for (Account account : List.of(
                emulator.context().accounts().find("meshy", "default").orElseThrow(),
                emulator.context().accounts().find("hitem3d", "emulator-client").orElseThrow(),
                emulator.context()
                        .accounts()
                        .find(HunyuanApi.PROVIDER, HunyuanApi.ACCOUNT)
                        .orElseThrow())) {
            account.balance(plenty);
            account.concurrency(capacity);
        }
        emulator.context()
                .accounts()
                .find("meshy", "default")
                .orElseThrow()
                .settings()
                .put(MeshyAccounts.REQUESTS_PER_SECOND, 1_000_000)
                .put(MeshyAccounts.QUEUE_LIMIT, capacity);
    }

    /** One job of each kind end to end, so first-use costs (connections, JIT) stay out of the figures. */
    private static void warmUp(LocalStack stack, Connection db, String prefix) throws Exception {
        say("Warm-up: one job of each kind …");
        BenchJobs.publish(stack.kafkaBootstrap(), REQUESTS, prefix, Kind.values().length);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (BenchJobs.states(db, prefix).getOrDefault("GENERATED", 0) < Kind.values().length) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Warm-up jobs did not reach GENERATED: " + BenchJobs.states(db, prefix));
            }
            Thread.sleep(500);
        }
    }

    /**
     * Publishes the M jobs and follows them to their end, sampling Kiln's threads as it goes and its heap after a
     * full GC once everything has been dispatched (or, should the first task end before that, then).
     */
    private static Footprint carry(
            LocalStack stack, Connection db, KilnProcess kiln, String prefix, int m, int taskSeconds) throws Exception {
        int threadsIdle = ProcessGauges.osThreads(kiln.pid());
        double cpuBefore = ProcessGauges.cpuSeconds(kiln.pid());
        say("Publishing " + m + " jobs (a third each: SSE, callback, poll), tasks of " + taskSeconds + " s …");
        BenchJobs.publish(stack.kafkaBootstrap(), REQUESTS, prefix, m);
        long heap = -1;
        int peak = 0;
        int threadsAtPeak = -1;
        int threadsMax = threadsIdle;
        long deadline = System.nanoTime()
                + Duration.ofSeconds(taskSeconds).plusMinutes(20).toNanos();
        long lastSay = 0;
        while (System.nanoTime() < deadline) {
            Map<String, Integer> states = BenchJobs.states(db, prefix);
            int inFlight = states.getOrDefault("SUBMITTING", 0)
                    + states.getOrDefault("SUBMITTED", 0)
                    + states.getOrDefault("RUNNING", 0);
            int waiting = states.getOrDefault("ACCEPTED", 0) + states.getOrDefault("QUEUED", 0);
            int generated = states.getOrDefault("GENERATED", 0);
            int ended = generated + states.getOrDefault("FAILED", 0) + states.getOrDefault("CANCELED", 0);
            int submitted = m - waiting - states.getOrDefault("SUBMITTING", 0);
            peak = Math.max(peak, inFlight);
            threadsMax = Math.max(threadsMax, ProcessGauges.osThreads(kiln.pid()));
            boolean total = states.values().stream().mapToInt(Integer::intValue).sum() == m;
            if (heap < 0 && total && (submitted == m || generated > 0)) {
                threadsAtPeak = ProcessGauges.osThreads(kiln.pid());
                say("  peak: " + inFlight + " in flight, " + threadsAtPeak + " threads, " + liveThreads(kiln)
                        + " live JVM threads (metrics); heap after GC …");
                heap = ProcessGauges.heapAfterGc(kiln.pid());
            }
            if (ended == m) {
                break;
            }
            if (System.nanoTime() - lastSay > Duration.ofSeconds(10).toNanos()) {
                say("  " + states);
                lastSay = System.nanoTime();
            }
            Thread.sleep(1000);
        }
        double cpu = ProcessGauges.cpuSeconds(kiln.pid()) - cpuBefore;
        return new Footprint(peak, heap, threadsIdle, threadsAtPeak, threadsMax, cpu);
    }

    private static String liveThreads(KilnProcess kiln) {
        try {
            HttpResponse<String> page = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(kiln.baseUrl() + "/q/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return String.format(
                    "%.0f", ProcessGauges.metric(page.body().lines().toList(), "jvm_threads_live_threads"));
        } catch (Exception e) {
            return "? (" + e + ")";
        }
    }

    private static String anyJobOf(Connection db, String prefix, String account) throws SQLException {
        try (var query = db.prepareStatement(
                "SELECT job_id FROM work_item WHERE job_id LIKE ? AND account = ? AND step_index = 0 LIMIT 1")) {
            query.setString(1, prefix + "%");
            query.setString(2, account);
            try (var rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("No job of account " + account + " ran");
                }
                return rows.getString(1);
            }
        }
    }

    private static void report(
            int m,
            int taskSeconds,
            double elapsed,
            List<Finished> finished,
            Footprint kiln,
            NaivePeerRun.Result naive,
            int naivePollMillis,
            BacklogProbe.Result backlog) {
        BenchReport.print(m, taskSeconds, elapsed, finished, kiln, naive, naivePollMillis, backlog);
    }

    private static Connection connect(PostgresServer pg) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", pg.user());
        credentials.setProperty("password", pg.password());
        return new org.postgresql.Driver().connect(pg.jdbcUrl(), credentials);
    }

    static void say(String line) {
        System.out.println(line);
    }
}
