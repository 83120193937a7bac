package dev.kiln.job.intake.fuzz;

import static dev.kiln.job.intake.fuzz.JsonText.raw;
import static dev.kiln.job.intake.fuzz.JsonText.string;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Values that have broken, or could break, a JSON consumer: every JSON type, extreme numbers, unusual Unicode,
 * long strings, deep nesting. Each call draws one at random.
 */
final class WeirdValues {

    /** Number literals at and past every limit: huge exponents, thousands of digits, negative zero. */
    private static final List<String> NUMBERS = List.of(
            "0",
            "-0",
            "-0.0",
            "0.0e0",
            "1",
            "-1",
            "1.5",
            "0.1e1",
            "2147483647",
            "2147483648",
            "-9223372036854775809",
            "123456789012345678901234567890",
            "1e308",
            "1e309",
            "-1e309",
            "4.9e-324",
            "1e-400",
            "1e10000",
            "-1e10000",
            "1e-10000",
            "1E+2147483647",
            "1e2147483648",
            "1e999999999999",
            "1e-999999999999",
            "9".repeat(999),
            "9".repeat(1001),
            "9".repeat(5000),
            "0." + "0".repeat(1200) + "1",
            "1" + "0".repeat(998) + ".5",
            "1." + "5".repeat(998));

    /** Strings with characters that trip encoders, databases and terminals. */
    private static final List<String> STRINGS = List.of(
            "",
            " ",
            "\u0000",
            "a\u0000b",
            "\ud800",
            "x\udc00",
            "\udc00\ud800",
            "\ud83d\ude00",
            "\u202eevil\u202c",
            "\u200f\u200e",
            "\ufeff",
            "\uffff\ufffe",
            "a" + "\u0301".repeat(500),
            "\u0001\u001f\u007f",
            "\\",
            "\"",
            "null",
            "true",
            "1e10000",
            "http://169.254.169.254/latest/meta-data",
            "https://",
            "https://exa mple.com/a.png",
            "data:image/png;base64,iVBORw0KGgo=",
            "javascript:alert(1)",
            "job.requested",
            "hitem3d",
            "glb",
            "image/png",
            "front",
            "2026-01-31T12:00:00Z",
            "9999-12-31T23:59:59Z",
            "1970-01-01T00:00:00Z");

    private WeirdValues() {}

    static JsonText any(Random random) {
        return switch (random.nextInt(9)) {
            case 0, 1 -> number(random);
            case 2, 3 -> string(text(random));
            case 4 -> raw(JsonText.pick(random, List.of("true", "false", "null")));
            case 5 -> longString(random);
            case 6 -> nested(random, 1 + random.nextInt(random.nextBoolean() ? 8 : 90));
            case 7 -> randomObject(random, 2);
            default -> randomArray(random, 2);
        };
    }

    static JsonText number(Random random) {
        if (random.nextInt(4) == 0) {
            return raw(Long.toString(random.nextLong() >> random.nextInt(64)));
        }
        return raw(JsonText.pick(random, NUMBERS));
    }

    static String text(Random random) {
        if (random.nextInt(3) == 0) {
            return unicodeSoup(random, 1 + random.nextInt(40));
        }
        return JsonText.pick(random, STRINGS);
    }

    /** Any UTF-16 units: surrogates in pairs, and now and then a lone half; controls and combining marks. */
    static String unicodeSoup(Random random, int length) {
        boolean loneHalves = random.nextInt(8) == 0;
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(5)) {
                case 0 -> out.append((char) random.nextInt(0x80));
                case 1 -> out.appendCodePoint(0x10000 + random.nextInt(0xfffff));
                case 2 -> out.append((char) (0x0300 + random.nextInt(0x70)));
                case 3 -> out.append(loneHalves ? (char) (0xd800 + random.nextInt(0x800)) : '\u202e');
                default -> {
                    char c = (char) random.nextInt(0x10000);
                    out.append(Character.isSurrogate(c) && !loneHalves ? '\ufffd' : c);
                }
            }
        }
        return out.toString();
    }

    static JsonText longString(Random random) {
        if (random.nextInt(10) == 0) {
            return string("x".repeat(200_000));
        }
        // Outside ASCII each character is written as a 6-character escape: kept short enough for one record.
        int length = 1 + random.nextInt(20_000);
        char filler = JsonText.pick(random, List.of('x', '\u00e9', '\u4e2d', '\u0000'));
        return string(String.valueOf(filler).repeat(length));
    }

    /** Arrays or objects nested {@code depth} deep. */
    static JsonText nested(Random random, int depth) {
        JsonText inner = random.nextBoolean() ? raw("1") : JsonText.Arr.of();
        for (int i = 0; i < depth; i++) {
            inner = random.nextBoolean() ? JsonText.Arr.of(inner) : JsonText.Obj.of("k", inner);
        }
        return inner;
    }

    static JsonText randomObject(Random random, int depth) {
        JsonText.Obj obj = JsonText.Obj.of();
        int fields = random.nextInt(5);
        for (int i = 0; i < fields; i++) {
            String key = random.nextBoolean() ? "f" + i : text(random);
            obj.fields().add(java.util.Map.entry(key, depth > 0 ? anyShallow(random, depth - 1) : number(random)));
        }
        return obj;
    }

    static JsonText randomArray(Random random, int depth) {
        List<JsonText> items = new ArrayList<>();
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            items.add(depth > 0 ? anyShallow(random, depth - 1) : string(text(random)));
        }
        return new JsonText.Arr(items);
    }

    private static JsonText anyShallow(Random random, int depth) {
        return switch (random.nextInt(5)) {
            case 0 -> number(random);
            case 1 -> string(text(random));
            case 2 -> raw(random.nextBoolean() ? "null" : "false");
            case 3 -> randomObject(random, depth);
            default -> randomArray(random, depth);
        };
    }
}
