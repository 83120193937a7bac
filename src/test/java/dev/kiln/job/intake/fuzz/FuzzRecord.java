package dev.kiln.job.intake.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One record for the requests topic, as a producer could send it.
 *
 * @param key the record key, or null
 * @param value the record value, or null
 * @param headers the record headers
 * @param jobId the jobId string the request carries when it carries one; a job by that id is one of the
 *     record's possible outcomes (every record the fuzzer makes carries an id no other record uses)
 * @param plan what the record was made from, to make it again
 */
public record FuzzRecord(String key, byte[] value, Map<String, String> headers, String jobId, FuzzPlan plan) {

    /** The record as a person can read it in a failure message, long values clipped. */
    public String describe() {
        String text = value == null ? "null" : new String(value, StandardCharsets.UTF_8);
        return plan + " key=" + clip(key) + " headers=" + headers + " value=" + clip(text);
    }

    private static String clip(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 600 ? text : text.substring(0, 600) + "…(" + text.length() + " chars)";
    }
}
