package dev.kiln.bench;

import dev.kiln.local.KilnProcess;
import dev.kiln.stack.LocalStack;
import dev.kiln.stack.Ports;
import dev.kiln.stack.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Intake throughput and latency against the real broker and database: publishes N requests (default 20,000,
 * {@code -Dbench.requests=N}), and reports accepted jobs per second and the p50/p99 time from publish to the
 * {@code job.accepted} event, beside this machine's PostgreSQL insert rate measured in the same run.
 * Run with {@code ./mvnw -Pbench package}.
 */
public final class IntakeBenchmark {

    private static final String REQUESTS = "kiln.jobs.requests";
    private static final String EVENTS = "kiln.jobs.events";

    private IntakeBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("bench.requests", 20_000);
        Path dir = Path.of("target", "bench");
        say("Starting Kafka, PostgreSQL (database kiln_bench, fresh) and S3 …");
        LocalStack stack = LocalStack.start(dir, Ports.free(), Ports.free(), "kiln_bench", true);
        double pgInserts = postgresInsertRate(stack.postgres(), dir);
        say("Starting Kiln …");
        KilnProcess kiln = KilnProcess.start(stack.quarkusConfig(), Ports.free(), dir.resolve("kiln.log"));
        try {
            run(stack.kafkaBootstrap(), n, pgInserts);
        } finally {
            kiln.terminate();
        }
        System.exit(0);
    }

    private static void run(String bootstrap, int n, double pgInserts) throws Exception {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap);
                KafkaProducer<String, String> producer = producer(bootstrap)) {
            consumer.subscribe(List.of(EVENTS));
            // Warm up: one request through the whole path, so the measurement excludes first-use costs.
            String warmup = "bench-" + runId + "-warmup";
            producer.send(request(warmup)).get();
            awaitEvent(consumer, warmup);

            say("Burst: publishing " + n + " requests at once …");
            Phase burst = phase(consumer, producer, "bench-" + runId + "-burst-", n, 0);
            int pacedCount = Integer.getInteger("bench.paced-requests", 2000);
            int rate = Integer.getInteger("bench.paced-rate", 200);
            say("Paced: publishing " + pacedCount + " requests at " + rate + " per second …");
            Phase paced = phase(consumer, producer, "bench-" + runId + "-paced-", pacedCount, rate);
            report(burst, paced, rate, pgInserts);
        }
    }

    /** What one phase measured: how many were published and accepted, in how long, and each one's latency. */
    private record Phase(int published, int accepted, long elapsedNanos, long[] latencies) {}

    /**
     * Publishes {@code n} requests — all at once when {@code ratePerSecond} is 0, else at that steady rate — and
     * collects the time from each publish to its {@code job.accepted} event.
     */
    private static Phase phase(
            KafkaConsumer<String, String> consumer,
            KafkaProducer<String, String> producer,
            String prefix,
            int n,
            int ratePerSecond)
            throws Exception {
        Map<String, Long> publishedAt = new ConcurrentHashMap<>(n * 2);
        long[] latencies = new long[n];
        int received = 0;
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        Runnable publishOne = () -> {
            int i = next.getAndIncrement();
            if (i < n) {
                String jobId = prefix + i;
                publishedAt.put(jobId, System.nanoTime());
                producer.send(request(jobId));
            }
        };
        long start = System.nanoTime();
        java.util.concurrent.ScheduledExecutorService publisher =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        if (ratePerSecond > 0) {
            publisher.scheduleAtFixedRate(
                    () -> {
                        publishOne.run();
                        producer.flush();
                    },
                    0,
                    1_000_000_000L / ratePerSecond,
                    TimeUnit.NANOSECONDS);
        } else {
            publisher.execute(() -> {
                for (int i = 0; i < n; i++) {
                    publishOne.run();
                }
                producer.flush();
            });
        }
        long lastProgress = System.nanoTime();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        try {
            while (received < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    Long sent = publishedAt.get(record.key());
                    if (sent != null && record.value().contains("\"job.accepted\"")) {
                        latencies[received++] = System.nanoTime() - sent;
                    }
                }
                if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(5)) {
                    say("  " + received + " / " + n + " accepted");
                    lastProgress = System.nanoTime();
                }
            }
        } finally {
            publisher.shutdownNow();
        }
        return new Phase(n, received, System.nanoTime() - start, Arrays.copyOf(latencies, received));
    }

    private static void report(Phase burst, Phase paced, int rate, double pgInserts) {
        say("");
        say("Intake benchmark (" + Runtime.getRuntime().availableProcessors() + " cores)");
        say(String.format(
                "  burst: %d published at once, %d job.accepted%s",
                burst.published(), burst.accepted(), burst.accepted() < burst.published() ? "  (INCOMPLETE)" : ""));
        say(String.format("    accepted jobs per second   %.0f", burst.accepted() / (burst.elapsedNanos() / 1e9)));
        say("    publish → job.accepted     " + latencies(burst.latencies())
                + "  (mostly time queued behind the burst)");
        say(String.format(
                "  paced: %d published at %d/s, %d job.accepted%s",
                paced.published(),
                rate,
                paced.accepted(),
                paced.accepted() < paced.published() ? "  (INCOMPLETE)" : ""));
        say("    publish → job.accepted     " + latencies(paced.latencies()));
        say(String.format("  PostgreSQL (same machine)  %.0f single-row insert transactions per second", pgInserts));
    }

    private static String latencies(long[] latencies) {
        Arrays.sort(latencies);
        return String.format(
                "p50 %d ms, p99 %d ms, max %d ms",
                percentile(latencies, 0.50), percentile(latencies, 0.99), percentile(latencies, 1.0));
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return TimeUnit.NANOSECONDS.toMillis(sorted[Math.max(0, index)]);
    }

    /**
     * Commit-per-row inserts from 4 clients for 10 s: pgbench when the machine has it, else JDBC from here.
     */
    private static double postgresInsertRate(PostgresServer pg, Path dir) throws Exception {
        try {
            return measureInserts(pg, dir);
        } finally {
            // Kiln's migrations expect the database to hold nothing else.
            try (Connection c = connect(pg);
                    Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS bench_insert");
            }
        }
    }

    private static Connection connect(PostgresServer pg) throws java.sql.SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", pg.user());
        credentials.setProperty("password", pg.password());
        return new org.postgresql.Driver().connect(pg.jdbcUrl(), credentials);
    }

    private static double measureInserts(PostgresServer pg, Path dir) throws Exception {
        Properties credentials = new Properties();
        credentials.setProperty("user", pg.user());
        credentials.setProperty("password", pg.password());
        try (Connection c = new org.postgresql.Driver().connect(pg.jdbcUrl(), credentials);
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_insert");
            s.execute("CREATE TABLE bench_insert (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL, at TIMESTAMPTZ NOT"
                    + " NULL DEFAULT now())");
        }
        Path pgbench = Path.of("/usr/lib/postgresql/15/bin/pgbench");
        if (Files.isExecutable(pgbench)) {
            Path script = dir.resolve("insert.sql");
            Files.writeString(script, "INSERT INTO bench_insert (payload) VALUES (repeat('x', 400));\n");
            ProcessBuilder builder = new ProcessBuilder(
                            pgbench.toString(),
                            "-n",
                            "-c",
                            "4",
                            "-j",
                            "2",
                            "-T",
                            "10",
                            "-f",
                            script.toString(),
                            "-h",
                            pg.host(),
                            "-p",
                            Integer.toString(pg.port()),
                            "-U",
                            pg.user(),
                            pg.database())
                    .redirectErrorStream(true);
            builder.environment().put("PGPASSWORD", pg.password());
            say("Measuring PostgreSQL with pgbench (4 clients, 10 s of single-row insert transactions) …");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(60, TimeUnit.SECONDS);
            Matcher tps = Pattern.compile("tps = ([0-9.]+)").matcher(output);
            if (tps.find()) {
                return Double.parseDouble(tps.group(1));
            }
            say("pgbench said: " + output.strip());
        }
        say("Measuring PostgreSQL over JDBC (1 client, 10 s of single-row insert transactions) …");
        try (Connection c = new org.postgresql.Driver().connect(pg.jdbcUrl(), credentials);
                PreparedStatement insert = c.prepareStatement("INSERT INTO bench_insert (payload) VALUES (?)")) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            long start = System.nanoTime();
            int count = 0;
            while (System.nanoTime() < end) {
                insert.setString(1, "x".repeat(400));
                insert.executeUpdate();
                count++;
            }
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static ProducerRecord<String, String> request(String jobId) {
        ProducerRecord<String, String> record = new ProducerRecord<>(
                REQUESTS,
                jobId,
                """
                {"jobId":"%s","provider":"meshy-image-to-3d",
                 "input":{"images":[{"url":"https://images.example.com/chair.png","view":"front"}]},
                 "output":{"formats":["glb"]},"labels":{"bench":"intake"}}"""
                        .formatted(jobId));
        record.headers().add(new RecordHeader("ce_specversion", bytes("1.0")));
        record.headers().add(new RecordHeader("ce_id", bytes(UUID.randomUUID().toString())));
        record.headers().add(new RecordHeader("ce_source", bytes("urn:kiln-bench")));
        record.headers().add(new RecordHeader("ce_type", bytes("job.requested")));
        return record;
    }

    private static void awaitEvent(KafkaConsumer<String, String> consumer, String key) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                if (key.equals(record.key())) {
                    return;
                }
            }
        }
        throw new IllegalStateException("The warm-up request got no event within 60 s");
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "kiln-bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
