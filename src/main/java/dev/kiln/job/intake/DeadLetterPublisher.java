package dev.kiln.job.intake;

import dev.kiln.events.EventTopics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.RecordTooLargeException;
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

    /** Completes when the broker has the dead letter. */
    Uni<Void> publish(DeadLetter deadLetter) {
        KafkaRecord<String, byte[]> record = deadLetter.record();
        LOG.infof(
                "Dead letter %s from %s-%d@%d: %s",
                deadLetter.code(), record.getTopic(), record.getPartition(), offset(record), deadLetter.message());
        return emitter.sendMessage(message(deadLetter, true))
                .onFailure(DeadLetterPublisher::tooLarge)
                .recoverWithUni(e -> {
                    // The original is too big to forward with our headers: keep the reason and where to find it.
                    LOG.warnf(
                            "Dead letter %s from %s-%d@%d is too large; sending it without its value and headers",
                            deadLetter.code(), record.getTopic(), record.getPartition(), offset(record));
                    return emitter.sendMessage(message(deadLetter, false));
                });
    }

    private static Message<byte[]> message(DeadLetter deadLetter, boolean withOriginal) {
        KafkaRecord<String, byte[]> record = deadLetter.record();
        RecordHeaders headers = new RecordHeaders();
        if (withOriginal && record.getHeaders() != null) {
            record.getHeaders().forEach(headers::add);
        }
        headers.add("dead-letter-code", bytes(deadLetter.code()));
        headers.add("dead-letter-reason", bytes(deadLetter.message()));
        headers.add("dead-letter-topic", bytes(record.getTopic()));
        headers.add("dead-letter-partition", bytes(Integer.toString(record.getPartition())));
        headers.add("dead-letter-offset", bytes(Long.toString(offset(record))));
        if (!withOriginal) {
            headers.add("dead-letter-truncated", bytes("true"));
        }
        byte[] value = withOriginal && record.getPayload() != null ? record.getPayload() : new byte[0];
        String key =
                withOriginal || record.getKey() == null ? record.getKey() : RequestClassifier.clip(record.getKey());
        return Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(key)
                        .withHeaders(headers)
                        .build());
    }

    private static boolean tooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException) {
                return true;
            }
        }
        return false;
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
