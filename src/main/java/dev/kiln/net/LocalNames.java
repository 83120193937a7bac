package dev.kiln.net;

import java.util.List;
import java.util.Optional;

/** Host names that only resolve on the machine itself or inside one network: never a public image host. */
final class LocalNames {
    /** Suffixes reserved or in wide use for internal names (RFC 6761, RFC 6762, home.arpa of RFC 8375, ICANN's .internal). */
    private static final List<String> SUFFIXES =
            List.of("local", "localdomain", "internal", "intranet", "lan", "home", "corp", "arpa", "test", "invalid");

    private LocalNames() {}

    /** Why this name (lower case, no trailing dot) must not be fetched from, or empty for a public-looking name. */
    static Optional<String> reason(String name) {
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return Optional.of("names the machine itself (localhost)");
        }
        if (name.indexOf('.') < 0) {
            return Optional.of("has a single-label host (" + name + "), which resolves only inside a network");
        }
        String top = name.substring(name.lastIndexOf('.') + 1);
        if (SUFFIXES.contains(top)) {
            return Optional.of("has a host under ." + top + ", which resolves only inside a network");
        }
        return Optional.empty();
    }
}
