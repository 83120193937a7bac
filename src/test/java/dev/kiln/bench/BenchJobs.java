package dev.kiln.bench;

import dev.kiln.emulator.EmulatorServer;
import dev.kiln.emulator.task.EmulatedTask;
import dev.kiln.support.Requests;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The jobs of the orchestration benchmark: one kind per tracking method, published as requests on Kafka, and
 * read back from the ledger (the time each reached GENERATED) beside the emulator's own times of their tasks.
 */
final class BenchJobs {

    /** One provider per way Kiln follows a task. */
    enum Kind {
        STREAM(
                "meshy-image-to-3d",
                "meshy",
                """
                {"jobId":"%s","provider":"meshy-image-to-3d",
                 "input":{"images":[{"url":"https://images.example.com/chair.png"}]},
                 "output":{"formats":["glb"]},"labels":{"bench":"orchestration"}}"""),
        CALLBACK(
                "hitem3d",
                "hitem3d",
                """
                {"jobId":"%s","provider":"hitem3d",
                 "input":{"images":[{"base64":"%s","mediaType":"image/png","view":"front"}]},
                 "output":{"formats":["glb"]},"labels":{"bench":"orchestration"}}"""),
        POLL(
                "hunyuan3d-pro",
                "hunyuan",
                """
                {"jobId":"%s","provider":"hunyuan3d-pro","input":{"prompt":"a ceramic teapot"},
                 "output":{"formats":["obj"]},"labels":{"bench":"orchestration"}}""");

        final String provider;
        final String emulatorProvider;
        private final String template;

        Kind(String provider, String emulatorProvider, String template) {
            this.provider = provider;
            this.emulatorProvider = emulatorProvider;
            this.template = template;
        }

        String request(String jobId) {
            return template.formatted(jobId, Requests.SAMPLE_PNG);
        }

        static Kind ofProvider(String provider) {
            for (Kind kind : values()) {
                if (kind.provider.equals(provider)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException(provider);
        }
    }

    /** One job that reached GENERATED: when, and its task as the emulator timed it. */
    record Finished(Kind kind, Instant generatedAt, Instant taskCreated, Instant taskFinished) {

        /** Kiln's time from the create call to GENERATED over the emulator's time from create to the task's end. */
        double overhead() {
            double task = Duration.between(taskCreated, taskFinished).toNanos();
            return Duration.between(taskCreated, generatedAt).toNanos() / task;
        }
    }

    private BenchJobs() {}

    /** Publishes {@code n} requests, the kinds in turn, with ids {@code prefix + i}. */
    static void publish(String bootstrap, String topic, String prefix, int n) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            Kind[] kinds = Kind.values();
            for (int i = 0; i < n; i++) {
                String jobId = prefix + i;
                ProducerRecord<String, String> record =
                        new ProducerRecord<>(topic, jobId, kinds[i % kinds.length].request(jobId));
                record.headers().add(new RecordHeader("ce_specversion", bytes("1.0")));
                record.headers()
                        .add(new RecordHeader("ce_id", bytes(UUID.randomUUID().toString())));
                record.headers().add(new RecordHeader("ce_source", bytes("urn:kiln-bench")));
                record.headers().add(new RecordHeader("ce_type", bytes("job.requested")));
                producer.send(record);
            }
            producer.flush();
        }
    }

    /** How many of the run's jobs are in each state now. */
    static Map<String, Integer> states(Connection db, String prefix) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (PreparedStatement query =
                db.prepareStatement("SELECT state, count(*) FROM job WHERE id LIKE ? GROUP BY state")) {
            query.setString(1, prefix + "%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return counts;
    }

    /** The run's jobs that reached GENERATED, each with its task's times at the emulator. */
    static List<Finished> finished(Connection db, String prefix, EmulatorServer emulator) throws SQLException {
        Map<String, EmulatedTask> tasks = new HashMap<>();
        for (Kind kind : Kind.values()) {
            for (EmulatedTask task : emulator.context().tasks().list(kind.emulatorProvider, null)) {
                tasks.put(kind.emulatorProvider + "/" + task.id(), task);
            }
        }
        List<Finished> finished = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(
                """
                SELECT j.provider, w.provider_task_id, t.occurred_at
                FROM job j
                JOIN work_item w ON w.job_id = j.id AND w.step_index = 0
                JOIN job_transition t ON t.job_id = j.id AND t.to_state = 'GENERATED'
                WHERE j.id LIKE ?""")) {
            query.setString(1, prefix + "%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Kind kind = Kind.ofProvider(rows.getString(1));
                    EmulatedTask task = tasks.get(kind.emulatorProvider + "/" + rows.getString(2));
                    if (task != null && task.finishedAt() != null) {
                        finished.add(new Finished(
                                kind, rows.getTimestamp(3).toInstant(), task.createdAt(), task.finishedAt()));
                    }
                }
            }
        }
        return finished;
    }

    /** Overheads by kind. */
    static Map<Kind, double[]> overheads(List<Finished> finished) {
        Map<Kind, double[]> byKind = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            byKind.put(
                    kind,
                    finished.stream()
                            .filter(f -> f.kind() == kind)
                            .mapToDouble(Finished::overhead)
                            .sorted()
                            .toArray());
        }
        return byKind;
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, index)];
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
