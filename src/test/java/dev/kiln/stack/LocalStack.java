package dev.kiln.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The real servers Kiln needs — a Kafka broker, PostgreSQL and an S3-compatible server — started without
 * Docker, or taken from the environment when their addresses are given there:
 *
 * <ul>
 *   <li>{@code KILN_KAFKA_BOOTSTRAP}: a running Kafka's bootstrap servers;
 *   <li>{@code KILN_S3_ENDPOINT} (with {@code KILN_S3_ACCESS_KEY}, {@code KILN_S3_SECRET_KEY}): a running S3 server
 *       holding the bucket;
 *   <li>{@code KILN_PG_HOST}, {@code KILN_PG_PORT}, {@code KILN_PG_DATABASE}, {@code KILN_PG_USER},
 *       {@code KILN_PG_PASSWORD}: a PostgreSQL server (by default the machine's own on 5432).
 * </ul>
 *
 * Used by the tests (random ports, a fresh database, once per test JVM) and by the local run (fixed ports).
 */
public final class LocalStack {

    public static final String BUCKET = "kiln";

    /** System properties that hold a started stack's addresses, so every class loader in the JVM shares it. */
    private static final String KAFKA_PROPERTY = "test-stack.kafka";

    private static final String S3_PROPERTY = "test-stack.s3";

    /** Marks, per database, that this JVM has already emptied it (every class loader sees system properties). */
    private static final String FRESH_PROPERTY_PREFIX = "test-stack.fresh.";

    private final String kafkaBootstrap;
    private final String s3Endpoint;
    private final String s3AccessKey;
    private final String s3SecretKey;
    private final PostgresServer postgres;

    private LocalStack(
            String kafkaBootstrap, String s3Endpoint, String s3AccessKey, String s3SecretKey, PostgresServer postgres) {
        this.kafkaBootstrap = kafkaBootstrap;
        this.s3Endpoint = s3Endpoint;
        this.s3AccessKey = s3AccessKey;
        this.s3SecretKey = s3SecretKey;
        this.postgres = postgres;
    }

    /** The stack for this test JVM: started on first use, on free ports, with an empty test database. */
    public static LocalStack forTests() {
        return forTests(postgres("kiln_test"));
    }

    /**
     * The same servers as {@link #forTests()}, with PostgreSQL database {@code database} instead (made empty on its
     * first use in this JVM): the tests that run Kiln as processes keep their ledger apart from the others'.
     */
    public static LocalStack forTests(String database) {
        return forTests(new PostgresServer(
                env("KILN_PG_HOST").orElse("127.0.0.1"),
                Integer.parseInt(env("KILN_PG_PORT").orElse("5432")),
                database,
                env("KILN_PG_USER").orElse("kiln"),
                env("KILN_PG_PASSWORD").orElse("kiln")));
    }

    private static synchronized LocalStack forTests(PostgresServer pg) {
        try {
            // First use of this database in this JVM: it starts empty, unless it was given from outside.
            String freshMark = FRESH_PROPERTY_PREFIX + pg.database();
            if (System.getProperty(freshMark) == null) {
                pg.ensure(env("KILN_PG_HOST").isEmpty());
                System.setProperty(freshMark, "true");
            }
            String kafka = System.getProperty(KAFKA_PROPERTY);
            String s3 = System.getProperty(S3_PROPERTY);
            if (kafka == null) {
                Path dir = Path.of(
                        "target", "stack", "run-" + ProcessHandle.current().pid());
                kafka = env("KILN_KAFKA_BOOTSTRAP")
                        .orElse(KafkaBroker.start(dir.resolve("kafka"), Ports.free(), classpath())
                                .bootstrapServers());
                s3 = env("KILN_S3_ENDPOINT")
                        .orElse(S3Server.start(dir.resolve("s3"), Ports.free(), s3proxyJar(), BUCKET)
                                .endpoint());
                System.setProperty(KAFKA_PROPERTY, kafka);
                System.setProperty(S3_PROPERTY, s3);
            }
            return new LocalStack(kafka, s3, s3AccessKey(), s3SecretKey(), pg);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the test stack: " + e.getMessage(), e);
        }
    }

    /** The stack of the local run: fixed ports, the {@code kiln} database kept between runs. */
    public static LocalStack forLocalRun(Path dir, int kafkaPort, int s3Port) throws Exception {
        return start(dir, kafkaPort, s3Port, "kiln", false);
    }

    /**
     * A stack in {@code dir} on the given ports; a Kafka broker already answering on its port is used as is.
     *
     * @param freshDatabase drop and recreate the database first
     */
    public static LocalStack start(Path dir, int kafkaPort, int s3Port, String database, boolean freshDatabase)
            throws Exception {
        PostgresServer pg =
                postgres(database).ensure(freshDatabase && env("KILN_PG_HOST").isEmpty());
        String kafka = env("KILN_KAFKA_BOOTSTRAP").orElse(null);
        if (kafka == null) {
            String bootstrap = "127.0.0.1:" + kafkaPort;
            kafka = KafkaBroker.clusterAnswers(bootstrap)
                    ? bootstrap
                    : KafkaBroker.start(dir.resolve("kafka"), kafkaPort, classpath())
                            .bootstrapServers();
        }
        String s3 = env("KILN_S3_ENDPOINT").orElse(null);
        if (s3 == null) {
            s3 = S3Server.start(dir.resolve("s3"), s3Port, s3proxyJar(), BUCKET).endpoint();
        }
        return new LocalStack(kafka, s3, s3AccessKey(), s3SecretKey(), pg);
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    public String s3Endpoint() {
        return s3Endpoint;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    /** Kiln's configuration pointing at this stack. */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafkaBootstrap);
        config.put("quarkus.datasource.username", postgres.user());
        config.put("quarkus.datasource.password", postgres.password());
        config.put("quarkus.datasource.reactive.url", postgres.reactiveUrl());
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
        config.put("quarkus.s3.endpoint-override", s3Endpoint);
        config.put("quarkus.s3.path-style-access", "true");
        config.put("quarkus.s3.aws.region", S3Server.REGION);
        config.put("quarkus.s3.aws.credentials.type", "static");
        config.put("quarkus.s3.aws.credentials.static-provider.access-key-id", s3AccessKey);
        config.put("quarkus.s3.aws.credentials.static-provider.secret-access-key", s3SecretKey);
        return config;
    }

    private static PostgresServer postgres(String defaultDatabase) {
        return new PostgresServer(
                env("KILN_PG_HOST").orElse("127.0.0.1"),
                Integer.parseInt(env("KILN_PG_PORT").orElse("5432")),
                env("KILN_PG_DATABASE").orElse(defaultDatabase),
                env("KILN_PG_USER").orElse("kiln"),
                env("KILN_PG_PASSWORD").orElse("kiln"));
    }

    private static String s3AccessKey() {
        return env("KILN_S3_ACCESS_KEY").orElse(S3Server.ACCESS_KEY);
    }

    private static String s3SecretKey() {
        return env("KILN_S3_SECRET_KEY").orElse(S3Server.SECRET_KEY);
    }

    private static String classpath() throws java.io.IOException {
        Path file = Path.of("target", "stack", "test.classpath");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("No " + file + ": run `./mvnw -q generate-test-resources` once (it writes"
                    + " the classpath the Kafka broker runs from).");
        }
        return Files.readString(file).strip() + java.io.File.pathSeparator + Path.of("target", "test-classes");
    }

    private static Path s3proxyJar() {
        return Path.of("target", "stack", "s3proxy.jar");
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }
}
