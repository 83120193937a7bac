package dev.kiln.provider.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.provider.Violation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a request's {@code options} with the provider's rules, collecting every violation instead of
 * stopping at the first, so a caller learns all that is wrong in one answer.
 */
public final class OptionReader {
    private final ObjectNode options;
    private final List<Violation> violations = new ArrayList<>();

    public OptionReader(ObjectNode options) {
        this.options = options;
    }

    public List<Violation> violations() {
        return violations;
    }

    public void add(String code, String field, String message) {
        violations.add(new Violation(code, field, message));
    }

    public void addAll(List<Violation> more) {
        violations.addAll(more);
    }

    public boolean has(String name) {
        return options != null && options.hasNonNull(name);
    }

    /** Every option not in {@code known} is a violation: a typo must not silently change a paid job. */
    public void rejectUnknown(Collection<String> known) {
        if (options == null) {
            return;
        }
        for (Iterator<String> names = options.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                add(
                        "UNKNOWN_OPTION",
                        "options." + name,
                        name + " is not an option of this provider; known: "
                                + known.stream().sorted().toList());
            }
        }
    }

    /** A string option, or {@code fallback}; a value outside {@code allowed} (when non-empty) is a violation. */
    public String string(String name, Set<String> allowed, String fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode node = options.get(name);
        if (!node.isTextual() && !node.isNumber()) {
            add("OPTION_INVALID", "options." + name, name + " must be a string");
            return fallback;
        }
        String value = node.asText();
        if (!allowed.isEmpty() && !allowed.contains(value)) {
            add(
                    "OPTION_INVALID",
                    "options." + name,
                    name + " must be one of " + allowed.stream().sorted().toList() + ", not " + value);
            return fallback;
        }
        return value;
    }

    /** A free text option, at most {@code maxLength} characters (code points); null when absent. */
    public String text(String name, int maxLength) {
        if (!has(name)) {
            return null;
        }
        JsonNode node = options.get(name);
        if (!node.isTextual()) {
            add("OPTION_INVALID", "options." + name, name + " must be a string");
            return null;
        }
        String value = node.asText();
        if (value.codePointCount(0, value.length()) > maxLength) {
            add("OPTION_TOO_LONG", "options." + name, name + " may have at most " + maxLength + " characters");
        }
        return value;
    }

    /** A whole number in [min, max] (numeric strings accepted); null when absent or invalid. */
    public Long integer(String name, long min, long max) {
        if (!has(name)) {
            return null;
        }
        JsonNode node = options.get(name);
        long value;
        if (node.isIntegralNumber()) {
            value = node.asLong();
        } else if (node.isTextual() && node.asText().matches("-?\\d{1,18}")) {
            value = Long.parseLong(node.asText());
        } else {
            add("OPTION_INVALID", "options." + name, name + " must be a whole number");
            return null;
        }
        if (value < min || value > max) {
            add(
                    "OPTION_OUT_OF_RANGE",
                    "options." + name,
                    name + " must be between " + min + " and " + max + ", not " + value);
            return null;
        }
        return value;
    }

    /** A boolean; null when absent or invalid. */
    public Boolean bool(String name) {
        if (!has(name)) {
            return null;
        }
        JsonNode node = options.get(name);
        if (!node.isBoolean()) {
            add("OPTION_INVALID", "options." + name, name + " must be true or false");
            return null;
        }
        return node.asBoolean();
    }
}
