package dev.kiln.local;

import dev.kiln.emulator.EmulatorServer;
import dev.kiln.emulator.task.EmulatedTask;
import dev.kiln.support.KafkaTestClient;
import dev.kiln.support.Requests;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Jobs a crash test published on the requests topic, by id, with the kind each one is. */
final class JobBatch {

    static final String REQUESTS = "kiln.jobs.requests";

    private final Map<String, JobKind> kinds = new LinkedHashMap<>();

    /** Publishes {@code perKind} jobs of each of {@code kinds}, interleaved (kind after kind, round after round). */
    static JobBatch publish(KafkaTestClient kafka, List<JobKind> kinds, int perKind) {
        JobBatch batch = new JobBatch();
        for (int round = 0; round < perKind; round++) {
            for (JobKind kind : kinds) {
                String jobId = Requests.newJobId("crash-" + kind.provider);
                kafka.sendBinaryEvent(REQUESTS, jobId, "job.requested", kind.request(jobId));
                batch.kinds.put(jobId, kind);
            }
        }
        return batch;
    }

    Set<String> ids() {
        return kinds.keySet();
    }

    JobKind kind(String jobId) {
        return kinds.get(jobId);
    }

    /** The steps of every job together: how many create calls the batch needs, no more. */
    int steps() {
        return kinds.values().stream().mapToInt(k -> k.steps.size()).sum();
    }

    /** The emulator's tasks, every provider's, by task id (the emulator of a crash test runs only its jobs). */
    static Map<String, EmulatedTask> tasks(EmulatorServer emulator) {
        return emulator.context().tasks().list(null, null).stream().collect(Collectors.toMap(EmulatedTask::id, t -> t));
    }

    /** Create calls the emulator received, of every provider (failed ones included). */
    static int createCalls(EmulatorServer emulator) {
        return (int) emulator.context().calls().calls(null, null, null).stream()
                .filter(c -> c.operation().endsWith("create") || c.operation().equals("submit-task"))
                .count();
    }
}
