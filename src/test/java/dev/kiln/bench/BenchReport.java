package dev.kiln.bench;

import dev.kiln.bench.BenchJobs.Finished;
import dev.kiln.bench.BenchJobs.Kind;
import dev.kiln.bench.OrchestrationBenchmark.Footprint;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Prints the orchestration benchmark's figures beside its targets, saying plainly which were met. */
final class BenchReport {

    private static final double MIB = 1024 * 1024;

    private BenchReport() {}

    static void print(
            int m,
            int taskSeconds,
            double elapsed,
            List<Finished> finished,
            Footprint kiln,
            NaivePeerRun.Result naive,
            int naivePollMillis,
            BacklogProbe.Result backlog) {
        say("");
        say("Orchestration benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, load average "
                + ProcessGauges.loadAverage() + " at the end)");
        say(String.format(
                "  Kiln, one process: %d jobs published, %d reached GENERATED%s; tasks of %d s at the emulator",
                m, finished.size(), finished.size() < m ? "  (INCOMPLETE)" : "", taskSeconds));
        say(String.format(
                "    jobs finished per second     %.1f  (%d in %.1f s, first publish to last GENERATED)",
                finished.size() / elapsed, finished.size(), elapsed));
        say(String.format(
                "    peak in flight               %d of %d%s",
                kiln.peakInFlight(),
                m,
                kiln.peakInFlight() < m * 0.95 ? "  (not all at once: raise -Dbench.task-seconds)" : ""));
        Map<Kind, double[]> overheads = BenchJobs.overheads(finished);
        say(
                "    create → GENERATED over the emulator's task time (target ≤ 1.02 p50, ≤ 1.10 p99 for SSE and callback):");
        for (Kind kind : Kind.values()) {
            double[] sorted = overheads.get(kind);
            double p50 = BenchJobs.percentile(sorted, 0.50);
            double p99 = BenchJobs.percentile(sorted, 0.99);
            String verdict = kind == Kind.POLL ? "(no target)" : (p50 <= 1.02 && p99 <= 1.10 ? "MET" : "NOT MET");
            say(String.format(
                    "      %-8s %-18s p50 %.3f  p99 %.3f  max %.3f  (%d jobs)  %s",
                    kind.name().toLowerCase(),
                    kind.provider,
                    p50,
                    p99,
                    BenchJobs.percentile(sorted, 1.0),
                    sorted.length,
                    verdict));
        }
        footprint("    ", kiln, m);
        say(String.format(
                "    CPU time per job             %.1f ms  (%.1f s in all)",
                kiln.cpuSeconds() * 1000 / m, kiln.cpuSeconds()));

        say(String.format(
                "  Naive peer (a platform thread per job, blocking HttpClient.send polls every %d ms, Hunyuan API): %d"
                        + " of %d jobs seen ending",
                naivePollMillis, naive.jobs(), m));
        double[] peer = naive.overheads();
        say(String.format(
                "    create → seen ended over the emulator's task time   p50 %.3f  p99 %.3f  max %.3f",
                BenchJobs.percentile(peer, 0.5), BenchJobs.percentile(peer, 0.99), BenchJobs.percentile(peer, 1.0)));
        footprint("    ", naive.footprint(), m);
        say(String.format(
                "    CPU time per job             %.1f ms", naive.footprint().cpuSeconds() * 1000 / m));

        double ratio = backlog.full().median() / backlog.empty().median();
        say("  Backlog: freed slot (slot row deleted + NOTIFY kiln_budget) → next create call at the emulator, median");
        say(String.format(
                "    %,9d waiting               %.1f ms   samples %s",
                backlog.empty().waiting(),
                backlog.empty().median(),
                samples(backlog.empty().millis())));
        say(String.format(
                "    %,9d waiting               %.1f ms   samples %s",
                backlog.full().waiting(),
                backlog.full().median(),
                samples(backlog.full().millis())));
        say(String.format(
                "    ratio                        %.2f  (target ≤ 1.5: %s); queued jobs inserted in %.1f s",
                ratio, ratio <= 1.5 ? "MET" : "NOT MET", backlog.insertSeconds()));
        say("  The claim (WorkItems.CLAIM) with the backlog in place, EXPLAIN ANALYZE:");
        backlog.plans().forEach(plan -> System.out.print(plan));
    }

    private static void footprint(String indent, Footprint f, int m) {
        double heapMib = f.heapAfterGc() / MIB;
        say(String.format(
                "%sheap after GC at peak         %.1f MiB%s",
                indent,
                heapMib,
                m >= 10_000
                        ? (heapMib <= 256 ? "  (target ≤ 256 MiB at 10,000: MET)" : "  (target ≤ 256 MiB: NOT MET)")
                        : ""));
        say(String.format(
                "%sOS threads                    %d idle, %d at peak, %d at most",
                indent, f.threadsIdle(), f.threadsAtPeak(), f.threadsMax()));
    }

    private static String samples(double[] millis) {
        return Arrays.toString(
                Arrays.stream(millis).map(v -> Math.round(v * 10) / 10.0).toArray());
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
