package dev.kiln.local;

import dev.kiln.emulator.EmulatorOptions;
import dev.kiln.emulator.EmulatorServer;
import dev.kiln.stack.LocalStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
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
 * Command one of the README: the whole local stack and Kiln on fixed ports, sample requests published, and
 * every event printed as it arrives, until Ctrl-C.
 */
public final class LocalRun {

    static final int KAFKA_PORT = Integer.getInteger("kiln.local.kafka-port", 9092);
    static final int S3_PORT = Integer.getInteger("kiln.local.s3-port", 9000);
    static final int KILN_PORT = Integer.getInteger("kiln.local.http-port", 8080);
    static final int EMULATOR_PORT = Integer.getInteger("kiln.local.emulator-port", 8090);

    private static final String REQUESTS = "kiln.jobs.requests";
    private static final String EVENTS = "kiln.jobs.events";
    private static final String COMPLETIONS = "kiln.jobs.completions";
    private static final String DEAD_LETTERS = "kiln.jobs.requests.dlq";

    private LocalRun() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of("target", "local-run");
        say("Starting the local stack in " + dir.toAbsolutePath() + " …");
        LocalStack stack = LocalStack.forLocalRun(dir, KAFKA_PORT, S3_PORT);
        EmulatorServer emulator =
                EmulatorServer.start(EmulatorOptions.defaults().port(EMULATOR_PORT));
        say("Kafka, PostgreSQL, S3 and the provider emulator are up. Starting Kiln (log: " + dir.resolve("kiln.log")
                + ") …");
        KilnProcess kiln = KilnProcess.start(
                withEmulator(stack.quarkusConfig(), emulator.baseUrl()), KILN_PORT, dir.resolve("kiln.log"));
        banner(stack, kiln, emulator);

        Thread printer = new Thread(() -> printEvents(stack.kafkaBootstrap()), "print-events");
        printer.setDaemon(true);
        printer.start();
        publishSamples(stack.kafkaBootstrap());

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("Stopping Kiln and the local stack …");
            kiln.terminate();
            emulator.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static Map<String, String> withEmulator(Map<String, String> config, String emulator) {
        Map<String, String> all = new java.util.LinkedHashMap<>(config);
        all.putAll(KilnProcesses.emulatorConfig(emulator));
        // Hitem3D tasks are followed by callback too: the emulator calls Kiln back on this machine. The proof key
        // is made for this run only.
        all.put("kiln.providers.hitem3d.callback-base-url", "http://127.0.0.1:" + KILN_PORT + "/callbacks/hitem3d");
        all.put("kiln.providers.hitem3d.callback-signing-key", UUID.randomUUID().toString());
        return all;
    }

    private static void banner(LocalStack stack, KilnProcess kiln, EmulatorServer emulator) {
        say("");
        say("Kiln is running. Point any client at:");
        say("  Kafka bootstrap   " + stack.kafkaBootstrap() + "   (topics " + REQUESTS + ", " + EVENTS + ", "
                + COMPLETIONS + ", " + DEAD_LETTERS + ")");
        say("  PostgreSQL        " + stack.postgres().host() + ":"
                + stack.postgres().port() + "   database " + stack.postgres().database() + ", user "
                + stack.postgres().user());
        say("  S3 endpoint       " + stack.s3Endpoint() + "   bucket " + LocalStack.BUCKET + " (path-style)");
        say("  Kiln HTTP         http://127.0.0.1:" + kiln.httpPort() + "   (/jobs, /q/health, /q/openapi, "
                + "/q/metrics)");
        say("  Provider emulator " + emulator.baseUrl()
                + "   (Hitem3D, Hunyuan 3D Pro, Meshy; admin under /_emulator)");
        say("Ctrl-C stops everything.");
        say("");
    }

    private static void publishSamples(String bootstrap) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (Sample sample : Sample.all()) {
                String jobId = "sample-" + sample.name() + "-"
                        + UUID.randomUUID().toString().substring(0, 8);
                ProducerRecord<String, String> record = new ProducerRecord<>(REQUESTS, jobId, sample.requestFor(jobId));
                header(record, "ce_specversion", "1.0");
                header(record, "ce_id", UUID.randomUUID().toString());
                header(record, "ce_source", "urn:kiln-local-run");
                header(record, "ce_type", "job.requested");
                header(record, "content-type", "application/json");
                producer.send(record).get();
                say("→ published job.requested " + jobId + " (" + sample.description() + ")");
            }
        }
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    private static void printEvents(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "kiln-local-run-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(EVENTS, DEAD_LETTERS));
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    say("← " + record.topic() + " " + record.key() + " " + describe(record));
                }
            }
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** One line per event: its type and what a person watching wants (step, progress, task, reason). */
    private static String describe(ConsumerRecord<String, String> record) {
        var code = record.headers().lastHeader("dead-letter-code");
        if (code != null) {
            return "dead letter " + new String(code.value(), StandardCharsets.UTF_8);
        }
        try {
            var event = JSON.readTree(record.value());
            StringBuilder line = new StringBuilder(event.path("type").asText())
                    .append(" #")
                    .append(event.path("sequence").asText());
            for (String field : List.of("step")) {
                if (event.hasNonNull(field)) {
                    line.append(' ')
                            .append(field)
                            .append('=')
                            .append(event.get(field).asText());
                }
            }
            var details = event.path("details");
            for (String field : List.of("progress", "providerTaskId", "attempt", "stepFinished")) {
                if (details.hasNonNull(field)) {
                    line.append(' ')
                            .append(field)
                            .append('=')
                            .append(details.get(field).asText());
                }
            }
            if (details.has("outputs")) {
                line.append(" outputs=").append(details.get("outputs").size());
            }
            if (event.hasNonNull("reason")) {
                line.append(" reason=")
                        .append(event.get("reason").path("code").asText())
                        .append(": ")
                        .append(event.get("reason").path("message").asText());
            }
            return line.toString();
        } catch (java.io.IOException e) {
            return record.value();
        }
    }

    static void say(String line) {
        System.out.println("[" + LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "] " + line);
    }

    /** Sample requests, one per provider, and one that Kiln must reject. */
    record Sample(String name, String description, String body) {

        static List<Sample> all() {
            String png = dev.kiln.support.Requests.SAMPLE_PNG;
            return List.of(
                    new Sample(
                            "hitem3d",
                            "Hitem3D, one inline image, GLB",
                            """
                            {"jobId":"%s","provider":"hitem3d",
                             "input":{"images":[{"base64":"%s","mediaType":"image/png","view":"front"}]},
                             "output":{"formats":["glb"]},"options":{"model":"hitem3dv1.5","resolution":"1024"},
                             "labels":{"source":"local-run"}}"""
                                    .formatted("%s", png)),
                    new Sample(
                            "meshy",
                            "Meshy Image to 3D, GLB + OBJ",
                            """
                            {"jobId":"%s","provider":"meshy-image-to-3d",
                             "input":{"images":[{"base64":"%s","mediaType":"image/png"}]},
                             "output":{"formats":["glb","obj"]},"options":{"ai_model":"meshy-6"},
                             "labels":{"source":"local-run"}}"""
                                    .formatted("%s", png)),
                    new Sample(
                            "hitem3d-staged",
                            "Hitem3D in two steps (mesh, then texture), GLB",
                            """
                            {"jobId":"%s","provider":"hitem3d",
                             "input":{"images":[{"base64":"%s","mediaType":"image/png","view":"front"}]},
                             "output":{"formats":["glb"]},"options":{"staged":true},
                             "labels":{"source":"local-run"}}"""
                                    .formatted("%s", png)),
                    new Sample(
                            "meshy-multi",
                            "Meshy Multi-Image to 3D, two views, GLB",
                            """
                            {"jobId":"%s","provider":"meshy-multi-image-to-3d",
                             "input":{"images":[{"base64":"%s","mediaType":"image/png"},
                                                {"base64":"%s","mediaType":"image/png"}]},
                             "output":{"formats":["glb"]},"labels":{"source":"local-run"}}"""
                                    .formatted("%s", png, png)),
                    new Sample(
                            "figure",
                            "Meshy Creative Lab figure in two steps (prototype, then build), GLB",
                            """
                            {"jobId":"%s","provider":"meshy-figure",
                             "input":{"images":[{"base64":"%s","mediaType":"image/png"}]},
                             "output":{"formats":["glb"]},"options":{"name":"a local-run figure"},
                             "labels":{"source":"local-run"}}"""
                                    .formatted("%s", png)),
                    new Sample(
                            "hunyuan",
                            "Hunyuan 3D Pro, prompt only, OBJ",
                            """
                            {"jobId":"%s","provider":"hunyuan3d-pro","input":{"prompt":"a ceramic teapot"},
                             "output":{"formats":["obj"]},"labels":{"source":"local-run"}}"""),
                    new Sample(
                            "invalid",
                            "an unknown output format, to show a rejection",
                            """
                            {"jobId":"%s","provider":"meshy-figure",
                             "input":{"images":[{"url":"https://images.example.com/cat.jpg"}]},
                             "output":{"formats":["dwg"]},"labels":{"source":"local-run"}}"""));
        }

        String requestFor(String jobId) {
            return body.formatted(jobId);
        }
    }
}
