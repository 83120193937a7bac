package dev.kiln.emulator.hitem3d;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Access tokens issued by the token endpoint: opaque, 24 hours, checked against the emulator clock. */
final class Hitem3dTokens {
    static final Duration LIFETIME = Duration.ofHours(24);

    private record Issued(String account, Instant expires) {}

    private final Clock clock;
    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();

    Hitem3dTokens(Clock clock) {
        this.clock = clock;
    }

    String issue(String account) {
        String token = "emulated-hitem3d-token." + UUID.randomUUID();
        tokens.put(token, new Issued(account, clock.instant().plus(LIFETIME)));
        return token;
    }

    /** The account of a valid, unexpired token from an {@code Authorization: Bearer} header. */
    Optional<String> account(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        Issued issued = tokens.get(authorization.substring(7).trim());
        if (issued == null || clock.instant().isAfter(issued.expires())) {
            return Optional.empty();
        }
        return Optional.of(issued.account());
    }

    void clear() {
        tokens.clear();
    }
}
