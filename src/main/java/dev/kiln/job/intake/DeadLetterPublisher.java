package dev.kiln.job.intake;

import dev.kiln.events.EventTopics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Sends records that cannot become a job to the dead-letter topic: the original key, value and headers, plus
 * the reason in the headers the SmallRye connector uses for its own dead letters ({@code dead-letter-*}) and a
 * stable {@code dead-letter-code}.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);

    /** A record and why it is dead. */
    record DeadLetter(KafkaRecord<String, byte[]> record, String code, String message) {}

    private final MutinyEmitter<byte[]> emitter;

    public DeadLetterPublisher(
            @Channel(EventTopics.DEAD_LETTER_CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                    MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    /** Completes when the broker has every dead letter. */
    Uni<Void> publishAll(List<DeadLetter> deadLetters) {
        if (deadLetters.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join()
                .all(deadLetters.stream().map(this::publish).toList())
                .andFailFast()
                .replaceWithVoid();
    }

    private Uni<Void> publish(DeadLetter deadLetter) {
        KafkaRecord<String, byte[]> record = deadLetter.record();
        RecordHeaders headers = new RecordHeaders();
        if (record.getHeaders() != null) {
            record.getHeaders().forEach(headers::add);
        }
        headers.add("dead-letter-code", bytes(deadLetter.code()));
        headers.add("dead-letter-reason", bytes(deadLetter.message()));
        headers.add("dead-letter-topic", bytes(record.getTopic()));
        headers.add("dead-letter-partition", bytes(Integer.toString(record.getPartition())));
        headers.add("dead-letter-offset", bytes(Long.toString(offset(record))));
        LOG.infof(
                "Dead letter %s from %s-%d@%d: %s",
                deadLetter.code(), record.getTopic(), record.getPartition(), offset(record), deadLetter.message());
        Message<byte[]> message = Message.of(record.getPayload() == null ? new byte[0] : record.getPayload())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(record.getKey())
                        .withHeaders(headers)
                        .build());
        return emitter.sendMessage(message);
    }

    private static long offset(KafkaRecord<String, byte[]> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getOffset)
                .orElse(-1L);
    }

    private static byte[] bytes(String text) {
        return (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
    }
}
