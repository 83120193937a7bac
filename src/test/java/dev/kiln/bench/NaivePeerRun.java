package dev.kiln.bench;

import dev.kiln.emulator.EmulatorServer;
import dev.kiln.emulator.hunyuan.HunyuanApi;
import dev.kiln.emulator.task.EmulatedTask;
import dev.kiln.stack.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the {@link NaivePeer} in its own JVM against the emulator and measures it as Kiln is measured. */
final class NaivePeerRun {

    /** Its footprint, and its time from create to seeing the end over the emulator's task time, sorted. */
    record Result(OrchestrationBenchmark.Footprint footprint, double[] overheads, int jobs) {}

    private NaivePeerRun() {}

    static Result run(EmulatorServer emulator, Path dir, int m, int pollMillis) throws Exception {
        Path results = dir.resolve("naive-peer-results.txt");
        Path log = dir.resolve("naive-peer.log");
        Files.deleteIfExists(results);
        OrchestrationBenchmark.say(
                "Naive peer: " + m + " jobs, a platform thread each, blocking polls every " + pollMillis + " ms …");
        Process peer = ChildJvm.start(
                "naive-peer",
                Path.of("target", "test-classes").toString(),
                List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError"),
                NaivePeer.class.getName(),
                List.of(
                        emulator.baseUrl(),
                        HunyuanApi.API_KEY,
                        Integer.toString(m),
                        Integer.toString(pollMillis),
                        results.toString()),
                log);
        long pid = peer.pid();
        int threadsIdle = -1;
        int threadsMax = 0;
        int threadsAtPeak = -1;
        long heap = -1;
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        double cpu = 0;
        while (peer.isAlive() && System.nanoTime() < deadline) {
            try {
                int threads = ProcessGauges.osThreads(pid);
                threadsIdle = threadsIdle < 0 ? threads : threadsIdle;
                threadsMax = Math.max(threadsMax, threads);
                cpu = ProcessGauges.cpuSeconds(pid);
                if (heap < 0 && Files.readString(log).contains(NaivePeer.ALL_CREATED)) {
                    threadsAtPeak = threads;
                    OrchestrationBenchmark.say(
                            "  peak: all " + m + " created, " + threads + " threads; heap after GC …");
                    heap = ProcessGauges.heapAfterGc(pid);
                }
            } catch (java.io.IOException | IllegalStateException e) {
                // The process ended between two reads (its /proc entry is gone): the loop ends with it.
            }
            peer.waitFor(500, TimeUnit.MILLISECONDS);
        }
        if (peer.isAlive()) {
            peer.destroyForcibly();
            throw new IllegalStateException("The naive peer did not end within 30 minutes; see " + log);
        }
        Map<String, EmulatedTask> tasks = new HashMap<>();
        for (EmulatedTask task : emulator.context().tasks().list(HunyuanApi.PROVIDER, null)) {
            tasks.put(task.id(), task);
        }
        List<String> lines = Files.exists(results) ? Files.readAllLines(results) : List.of();
        double[] overheads = lines.stream()
                .map(line -> line.split(" "))
                .filter(parts ->
                        tasks.containsKey(parts[0]) && tasks.get(parts[0]).finishedAt() != null)
                .mapToDouble(parts -> {
                    EmulatedTask task = tasks.get(parts[0]);
                    Instant seen = Instant.ofEpochMilli(Long.parseLong(parts[1]));
                    double taskNanos = Duration.between(task.createdAt(), task.finishedAt())
                            .toNanos();
                    return Duration.between(task.createdAt(), seen).toNanos() / taskNanos;
                })
                .sorted()
                .toArray();
        // CPU is read while it runs (its /proc entry goes with it); the last read is within 0.5 s of its end.
        return new Result(
                new OrchestrationBenchmark.Footprint(m, heap, threadsIdle, threadsAtPeak, threadsMax, cpu),
                overheads,
                lines.size());
    }
}
