package dev.kiln.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real Kafka broker in KRaft mode (combined broker and controller, replication factor 1), run from the
 * Apache Kafka artifacts on the test classpath in a JVM of its own.
 */
public final class KafkaBroker {

    private final Process process;
    private final String bootstrap;

    private KafkaBroker(Process process, String bootstrap) {
        this.process = process;
        this.bootstrap = bootstrap;
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public void stop() {
        ChildJvm.stop(process);
    }

    public static KafkaBroker start(Path dir, int port, String classpath) throws IOException, InterruptedException {
        int controllerPort = Ports.free();
        Path logDir = dir.resolve("data");
        Path properties = dir.resolve("server.properties");
        Files.createDirectories(dir);
        Files.writeString(
                properties,
                String.join(
                                "\n",
                                List.of(
                                        "process.roles=broker,controller",
                                        "node.id=1",
                                        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                                        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:"
                                                + controllerPort,
                                        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                                        "controller.listener.names=CONTROLLER",
                                        "inter.broker.listener.name=PLAINTEXT",
                                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                                        "log.dirs=" + logDir,
                                        "num.partitions=4",
                                        "auto.create.topics.enable=true",
                                        "offsets.topic.replication.factor=1",
                                        "offsets.topic.num.partitions=4",
                                        "transaction.state.log.replication.factor=1",
                                        "transaction.state.log.min.isr=1",
                                        "share.coordinator.state.topic.replication.factor=1",
                                        "share.coordinator.state.topic.min.isr=1",
                                        "group.initial.rebalance.delay.ms=0",
                                        "log.flush.interval.messages=9223372036854775807"))
                        + "\n");
        List<String> jvm = List.of("-Xms128m", "-Xmx768m", "-XX:+UseSerialGC", "-Dlog4j2.level=WARN");
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            Process format = ChildJvm.start(
                    "kafka-format",
                    classpath,
                    jvm,
                    "kafka.tools.StorageTool",
                    List.of("format", "--cluster-id=" + clusterId(), "-c", properties.toString(), "--ignore-formatted"),
                    dir.resolve("format.log"));
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new IllegalStateException("Could not format the Kafka storage in " + logDir + ":\n"
                        + ChildJvm.tail(dir.resolve("format.log")));
            }
        }
        Path log = dir.resolve("broker.log");
        Process broker = ChildJvm.start("kafka", classpath, jvm, "kafka.Kafka", List.of(properties.toString()), log);
        String bootstrap = "127.0.0.1:" + port;
        boolean ready = Ports.await(Duration.ofSeconds(60), () -> !broker.isAlive() || clusterAnswers(bootstrap));
        if (!ready || !broker.isAlive()) {
            ChildJvm.stop(broker);
            throw new IllegalStateException(
                    "The Kafka broker did not start on " + bootstrap + ":\n" + ChildJvm.tail(log));
        }
        return new KafkaBroker(broker, bootstrap);
    }

    private static String clusterId() {
        // Kafka cluster ids are 16 random bytes in URL-safe base64 without padding. One in 64 starts with '-',
        // which is why it is passed as --cluster-id=<id>: after a bare -t it would read as an option.
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    static boolean clusterAnswers(String bootstrap) {
        if (!Ports.listening("127.0.0.1", Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1)))) {
            return false;
        }
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }
}
