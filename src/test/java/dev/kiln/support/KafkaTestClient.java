package dev.kiln.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A plain Kafka client for tests: publishes requests the way upstream services do, and records what Kiln
 * publishes on its output topics, by key, from the beginning of each topic.
 */
public final class KafkaTestClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, KafkaTestClient> BY_BOOTSTRAP = new ConcurrentHashMap<>();

    private final String bootstrap;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, Recorder> recorders = new ConcurrentHashMap<>();

    private KafkaTestClient(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** One client per broker for the whole test JVM: recorders keep reading across test classes. */
    public static KafkaTestClient of(String bootstrap) {
        return BY_BOOTSTRAP.computeIfAbsent(bootstrap, KafkaTestClient::new);
    }

    /** Publishes and waits for the broker's acknowledgement. */
    public void send(String topic, String key, byte[] value, Map<String, String> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((k, v) -> record.headers().add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish to " + topic, e);
        }
    }

    /** Publishes without waiting; the future completes with where the broker put the record. */
    public java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> sendAsync(
            String topic, String key, byte[] value, Map<String, String> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((k, v) -> record.headers().add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
        return producer.send(record);
    }

    /** Publishes a CloudEvent in binary mode: attributes in ce_ headers, the data as the value. */
    public void sendBinaryEvent(String topic, String key, String type, String dataJson) {
        send(
                topic,
                key,
                dataJson.getBytes(StandardCharsets.UTF_8),
                Map.of(
                        "ce_specversion", "1.0",
                        "ce_id", UUID.randomUUID().toString(),
                        "ce_source", "urn:kiln-tests",
                        "ce_type", type,
                        "content-type", "application/json"));
    }

    /** Publishes a CloudEvent in structured mode: the whole event as JSON. */
    public void sendStructuredEvent(String topic, String key, String type, String dataJson) {
        String event = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"urn:kiln-tests\","
                + "\"type\":\"" + type + "\",\"datacontenttype\":\"application/json\",\"data\":" + dataJson + "}";
        send(
                topic,
                key,
                event.getBytes(StandardCharsets.UTF_8),
                Map.of("content-type", "application/cloudevents+json; charset=UTF-8"));
    }

    /** Everything published to {@code topic} under {@code key} so far, in offset order. */
    public List<ConsumerRecord<String, byte[]>> records(String topic, String key) {
        return recorders.computeIfAbsent(topic, Recorder::new).byKey(key);
    }

    /** Everything published to {@code topic} so far, whatever its key. */
    public List<ConsumerRecord<String, byte[]>> all(String topic) {
        return recorders.computeIfAbsent(topic, Recorder::new).all();
    }

    /** A record's header as text, or null. */
    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A record's value as JSON. */
    public static JsonNode json(ConsumerRecord<String, byte[]> record) {
        try {
            return JSON.readTree(record.value());
        } catch (java.io.IOException e) {
            throw new AssertionError(
                    "The value at offset " + record.offset() + " of " + record.topic() + " is not JSON", e);
        }
    }

    @Override
    public void close() {
        recorders.values().forEach(Recorder::close);
        producer.close();
    }

    /** Reads one topic from the beginning on a thread of its own. */
    private final class Recorder {
        private final Map<String, List<ConsumerRecord<String, byte[]>>> byKey = new ConcurrentHashMap<>();
        private final KafkaConsumer<String, byte[]> consumer;
        private final Thread thread;
        private volatile boolean open = true;

        Recorder(String topic) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "kiln-tests-" + UUID.randomUUID());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500);
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(topic));
            thread = new Thread(this::run, "record-" + topic);
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try {
                while (open) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        byKey.computeIfAbsent(String.valueOf(record.key()), k -> new CopyOnWriteArrayList<>())
                                .add(record);
                    }
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close();
            }
        }

        List<ConsumerRecord<String, byte[]>> all() {
            List<ConsumerRecord<String, byte[]>> everything = new java.util.ArrayList<>();
            byKey.values().forEach(everything::addAll);
            return everything;
        }

        List<ConsumerRecord<String, byte[]>> byKey(String key) {
            return List.copyOf(byKey.getOrDefault(key, List.of()));
        }

        void close() {
            open = false;
            consumer.wakeup();
        }
    }
}
