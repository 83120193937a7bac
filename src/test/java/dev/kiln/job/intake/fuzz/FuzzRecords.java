package dev.kiln.job.intake.fuzz;

import static dev.kiln.job.intake.fuzz.JsonText.pick;
import static dev.kiln.job.intake.fuzz.JsonText.raw;
import static dev.kiln.job.intake.fuzz.JsonText.string;

import dev.kiln.job.intake.fuzz.JsonText.Arr;
import dev.kiln.job.intake.fuzz.JsonText.Obj;
import dev.kiln.support.Requests;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Makes requests-topic records from {@link FuzzPlan}s: a valid request for a random provider, mutated field by
 * field (wrong types, missing and null fields, extreme numbers, unusual Unicode, long strings, deep nesting),
 * under a random key, in a random CloudEvents mode with random headers — or now and then no request at all
 * (random JSON, random bytes, truncated text).
 */
public final class FuzzRecords {

    private static final List<String> PROVIDERS =
            List.of("hitem3d", "hunyuan3d-pro", "meshy-image-to-3d", "meshy-multi-image-to-3d", "meshy-figure");
    private static final List<String> FORMATS = List.of("glb", "obj", "stl", "fbx", "usdz", "3mf");
    private static final List<String> VIEWS = List.of("front", "back", "left", "right", "top", "bottom");
    private static final List<String> FIELDS =
            List.of("provider", "input", "output", "options", "labels", "deadline", "images", "formats", "url");

    private FuzzRecords() {}

    /** The record a plan stands for; {@code uniqueId} is the jobId it carries (mutated, at times). */
    public static FuzzRecord make(FuzzPlan plan, String uniqueId) {
        Random random = new Random(plan.seed());
        if (random.nextInt(20) == 0) {
            return noRequestAtAll(random, plan, uniqueId);
        }
        boolean cancel = random.nextInt(10) == 0;
        Obj data = cancel ? cancel(random) : request(random);
        for (int i = 0; i < plan.mutations(); i++) {
            mutate(random, data);
        }
        String jobId = placeJobId(random, data, uniqueId);
        String type = cancel ? "job.cancel-requested" : "job.requested";
        if (random.nextInt(30) == 0) {
            type = pick(random, List.of("job.requested.v2", "", "JOB.REQUESTED", WeirdValues.text(random)));
        }
        String key = key(random, uniqueId, jobId);
        return envelope(random, plan, key, type, data.text(), jobId);
    }

    /** A request that passes every check of some provider, or nearly. */
    static Obj request(Random random) {
        String provider = pick(random, PROVIDERS);
        List<JsonText> images = new ArrayList<>();
        int count = 1 + random.nextInt(provider.equals("meshy-multi-image-to-3d") ? 4 : 1);
        for (int i = 0; i < count; i++) {
            Obj image = random.nextBoolean()
                    ? Obj.of("url", string("https://images.example.com/in/" + random.nextInt(1000) + ".png"))
                    : Obj.of("base64", string(Requests.SAMPLE_PNG), "mediaType", string("image/png"));
            if (random.nextBoolean()) {
                image.put("view", string(pick(random, VIEWS)));
            }
            images.add(image);
        }
        List<JsonText> formats = new ArrayList<>();
        formats.add(string("glb"));
        for (String format : FORMATS.subList(1, FORMATS.size())) {
            if (random.nextInt(4) == 0) {
                formats.add(string(format));
            }
        }
        Obj request = Obj.of(
                "provider",
                string(provider),
                "input",
                Obj.of("images", new Arr(images)),
                "output",
                Obj.of("formats", new Arr(formats)));
        if (random.nextBoolean()) {
            request.put("options", options(random, provider));
        }
        if (random.nextBoolean()) {
            request.put("labels", Obj.of("tenant", string("fuzz"), "n", string(Integer.toString(random.nextInt()))));
        }
        if (random.nextInt(4) == 0) {
            request.put("deadline", string("2099-01-01T00:00:00Z"));
        }
        return request;
    }

    private static Obj options(Random random, String provider) {
        return switch (provider) {
            case "hitem3d" -> Obj.of("request_type", raw("3"), "resolution", string("1536"), "face", raw("200000"));
            case "hunyuan3d-pro" -> Obj.of("face_count", raw("300000"), "enable_pbr", raw("true"));
            case "meshy-figure" -> Obj.of("pose_mode", string(random.nextBoolean() ? "a-pose" : "t-pose"));
            default -> Obj.of(
                    "ai_model",
                    string("meshy-6"),
                    "target_polycount",
                    raw(Integer.toString(100 + random.nextInt(300_000))),
                    "topology",
                    string(random.nextBoolean() ? "quad" : "triangle"));
        };
    }

    private static Obj cancel(Random random) {
        Obj cancel = Obj.of();
        if (random.nextBoolean()) {
            cancel.put("reason", string("fuzz"));
        }
        return cancel;
    }

    /** One edit anywhere in the request, the jobId excepted (it is placed afterwards). */
    static void mutate(Random random, Obj data) {
        List<JsonText.Slot> slots = JsonText.slots(data);
        switch (random.nextInt(6)) {
            case 0, 1 -> {
                if (!slots.isEmpty()) {
                    pick(random, slots).set(WeirdValues.any(random));
                }
            }
            case 2 -> {
                if (!slots.isEmpty()) {
                    pick(random, slots).remove();
                }
            }
            case 3 -> {
                JsonText container = pick(random, JsonText.containers(data));
                JsonText value = WeirdValues.any(random);
                if (container instanceof Obj obj) {
                    String key = random.nextBoolean() ? pick(random, FIELDS) : WeirdValues.text(random);
                    obj.fields().add(Map.entry(key, value));
                } else {
                    ((Arr) container).items().add(value);
                }
            }
            case 4 -> data.put(pick(random, FIELDS.subList(0, 6)), WeirdValues.any(random));
            default -> {
                if (!slots.isEmpty()) {
                    pick(random, slots).set(raw("null"));
                }
            }
        }
    }

    /** Puts the jobId in, usually as it is, sometimes as a wrong type, an invalid id or not at all. */
    private static String placeJobId(Random random, Obj data, String uniqueId) {
        int roll = random.nextInt(50);
        if (roll == 0) {
            return null;
        }
        if (roll == 1) {
            data.put("jobId", random.nextBoolean() ? raw("null") : WeirdValues.number(random));
            return null;
        }
        String jobId =
                switch (roll) {
                    case 2 -> "-" + uniqueId;
                    case 3 -> uniqueId + "\u0000";
                    case 4 -> uniqueId + "/" + WeirdValues.unicodeSoup(random, 3);
                    case 5 -> uniqueId + "x".repeat(130);
                    case 6 -> uniqueId + "\u202e";
                    default -> uniqueId;
                };
        // Now and then the id goes first, as a producer writing fields in another order would put it.
        List<Map.Entry<String, JsonText>> fields = data.fields();
        fields.removeIf(field -> field.getKey().equals("jobId"));
        fields.add(random.nextBoolean() ? 0 : fields.size(), Map.entry("jobId", string(jobId)));
        return jobId;
    }

    private static String key(Random random, String uniqueId, String jobId) {
        return switch (random.nextInt(25)) {
            case 0, 1 -> null;
            case 2 -> "other-" + uniqueId;
            case 3 -> "";
            case 4 -> uniqueId + "\u0000";
            default -> jobId == null ? uniqueId : jobId;
        };
    }

    private static FuzzRecord envelope(
            Random random, FuzzPlan plan, String key, String type, String dataText, String jobId) {
        Map<String, String> headers = new LinkedHashMap<>();
        byte[] value;
        switch (random.nextInt(6)) {
            case 0, 1 -> { // binary mode
                headers.put("ce_specversion", random.nextInt(30) == 0 ? "0.3" : "1.0");
                headers.put("ce_id", "fuzz-" + plan.seed());
                headers.put("ce_source", "urn:kiln-fuzz");
                if (random.nextInt(30) != 0) {
                    headers.put("ce_type", type);
                }
                headers.put("content-type", pick(random, List.of("application/json", "text/plain", "")));
                value = utf8(dataText);
            }
            case 2, 3 -> { // structured mode
                String data = random.nextInt(5) == 0
                        ? "\"data_base64\":\"" + Base64.getEncoder().encodeToString(utf8(dataText)) + "\""
                        : "\"data\":" + dataText;
                String specVersion = random.nextInt(30) == 0 ? "\"1.1\"" : "\"1.0\"";
                String event = "{\"specversion\":" + specVersion + ",\"id\":\"fuzz-" + plan.seed()
                        + "\",\"source\":\"urn:kiln-fuzz\",\"type\":" + JsonText.quote(type) + ","
                        + data + "}";
                if (random.nextInt(4) != 0) {
                    headers.put(
                            "content-type",
                            pick(
                                    random,
                                    List.of(
                                            "application/cloudevents+json",
                                            "application/cloudevents+json; charset=UTF-8",
                                            "APPLICATION/CLOUDEVENTS+JSON")));
                }
                value = utf8(event);
            }
            default -> value = utf8(dataText); // a bare request, no headers: read as job.requested
        }
        if (random.nextInt(10) == 0) {
            headers.put(
                    pick(random, List.of("ce_type", "ce_specversion", "traceparent", "x-fuzz")),
                    WeirdValues.text(random));
        }
        return new FuzzRecord(key, value, headers, jobId, plan);
    }

    /** Random JSON, random bytes, a truncated request, invalid UTF-8, or nothing. */
    private static FuzzRecord noRequestAtAll(Random random, FuzzPlan plan, String uniqueId) {
        String valid = request(random).put("jobId", string(uniqueId)).text();
        byte[] value =
                switch (random.nextInt(6)) {
                    case 0 -> utf8(WeirdValues.any(random).text());
                    case 1 -> {
                        byte[] bytes = new byte[random.nextInt(300)];
                        random.nextBytes(bytes);
                        yield bytes;
                    }
                    case 2 -> utf8(valid.substring(0, random.nextInt(valid.length())));
                    case 3 -> {
                        byte[] bytes = utf8(valid);
                        bytes[random.nextInt(bytes.length)] = (byte) (0x80 | random.nextInt(0x80));
                        yield bytes;
                    }
                    case 4 -> utf8(valid + pick(random, List.of("}", " x", "{}", "\u0000")));
                    default -> random.nextBoolean() ? new byte[0] : null;
                };
        Map<String, String> headers = random.nextBoolean()
                ? Map.of("ce_specversion", "1.0", "ce_type", "job.requested", "ce_id", "x", "ce_source", "y")
                : Map.of();
        // A corrupted byte may still leave valid JSON with the id intact: the id may still name a job then.
        return new FuzzRecord(uniqueId, value, headers, uniqueId, plan);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
