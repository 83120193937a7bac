package dev.kiln.job.intake.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A JSON document the fuzzer can edit and then write exactly as it wants it: scalars are kept as the literal
 * text that goes on the wire, so a number such as {@code 1e10000} or a string holding the escape of a lone
 * surrogate reaches Kiln as written, not as a JSON library would normalize it.
 */
sealed interface JsonText {

    /** The value as JSON text. */
    String text();

    /** A literal written as is: a number, {@code true}, {@code null}, a quoted and escaped string. */
    record Literal(String text) implements JsonText {}

    /** An object; keys are kept in order and may repeat when the fuzzer adds one that exists. */
    record Obj(List<Map.Entry<String, JsonText>> fields) implements JsonText {

        static Obj of(Object... keysAndValues) {
            Obj obj = new Obj(new ArrayList<>());
            for (int i = 0; i < keysAndValues.length; i += 2) {
                obj.put((String) keysAndValues[i], (JsonText) keysAndValues[i + 1]);
            }
            return obj;
        }

        Obj put(String key, JsonText value) {
            fields.removeIf(field -> field.getKey().equals(key));
            fields.add(Map.entry(key, value));
            return this;
        }

        JsonText get(String key) {
            return fields.stream()
                    .filter(field -> field.getKey().equals(key))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
        }

        @Override
        public String text() {
            StringBuilder out = new StringBuilder("{");
            for (Map.Entry<String, JsonText> field : fields) {
                if (out.length() > 1) {
                    out.append(',');
                }
                out.append(quote(field.getKey()))
                        .append(':')
                        .append(field.getValue().text());
            }
            return out.append('}').toString();
        }
    }

    /** An array. */
    record Arr(List<JsonText> items) implements JsonText {

        static Arr of(JsonText... items) {
            return new Arr(new ArrayList<>(List.of(items)));
        }

        @Override
        public String text() {
            StringBuilder out = new StringBuilder("[");
            for (JsonText item : items) {
                if (out.length() > 1) {
                    out.append(',');
                }
                out.append(item.text());
            }
            return out.append(']').toString();
        }
    }

    static Literal string(String value) {
        return new Literal(quote(value));
    }

    static Literal raw(String text) {
        return new Literal(text);
    }

    /**
     * A JSON string literal: quotes, backslashes and control characters escaped; everything else, lone
     * surrogates included, written as a {@code \\uXXXX} escape when outside printable ASCII, so the text stays
     * pure ASCII and a lone surrogate survives the trip to bytes.
     */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.append('"').toString();
    }

    /** Every place in the tree a value can be replaced: containers with a key or index into them. */
    record Slot(JsonText container, Object keyOrIndex) {

        void set(JsonText value) {
            if (container instanceof Obj obj) {
                obj.put((String) keyOrIndex, value);
            } else if (container instanceof Arr arr) {
                arr.items().set((Integer) keyOrIndex, value);
            }
        }

        void remove() {
            if (container instanceof Obj obj) {
                obj.fields().removeIf(field -> field.getKey().equals(keyOrIndex));
            } else if (container instanceof Arr arr) {
                arr.items().remove((int) (Integer) keyOrIndex);
            }
        }
    }

    static List<Slot> slots(JsonText root) {
        List<Slot> found = new ArrayList<>();
        collect(root, found);
        return found;
    }

    private static void collect(JsonText node, List<Slot> found) {
        if (node instanceof Obj obj) {
            for (Map.Entry<String, JsonText> field : List.copyOf(obj.fields())) {
                found.add(new Slot(obj, field.getKey()));
                collect(field.getValue(), found);
            }
        } else if (node instanceof Arr arr) {
            for (int i = 0; i < arr.items().size(); i++) {
                found.add(new Slot(arr, i));
                collect(arr.items().get(i), found);
            }
        }
    }

    /** Every container in the tree, the root included: where a field or item can be added. */
    static List<JsonText> containers(JsonText root) {
        List<JsonText> found = new ArrayList<>();
        if (root instanceof Obj || root instanceof Arr) {
            found.add(root);
        }
        for (Slot slot : slots(root)) {
            JsonText value = slot.container() instanceof Obj obj
                    ? obj.get((String) slot.keyOrIndex())
                    : ((Arr) slot.container()).items().get((Integer) slot.keyOrIndex());
            if (value instanceof Obj || value instanceof Arr) {
                found.add(value);
            }
        }
        return found;
    }

    static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
