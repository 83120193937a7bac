package dev.kiln.net;

import java.util.Optional;

/**
 * Which URLs Kiln may fetch from or hand to a provider, decided on the text alone (no DNS, so intake can ask
 * for every request): http(s) only, no user-info, and a host that is neither an internal address in any
 * spelling nor a name that resolves only locally. Allowlisted hosts pass. Where Kiln itself connects, the
 * {@link OutboundGuard} adds the check of the addresses a name resolves to.
 */
public final class OutboundPolicy {
    private final OutboundAllowlist allowlist;

    public OutboundPolicy(OutboundAllowlist allowlist) {
        this.allowlist = allowlist;
    }

    /** The policy with nothing allowlisted. */
    public static OutboundPolicy strict() {
        return new OutboundPolicy(OutboundAllowlist.none());
    }

    /** Why this URL is refused ("the URL points to 127.0.0.1, a loopback address"), or empty when it may be used. */
    public Optional<String> refusal(String url) {
        try {
            check(url);
            return Optional.empty();
        } catch (OutboundRefusedException e) {
            return Optional.of(e.reason());
        }
    }

    /** Reads the URL and applies the lexical rules; throws {@link OutboundRefusedException} when it is refused. */
    public OutboundUrl check(String url) {
        OutboundUrl parsed = OutboundUrl.parse(url);
        if (allowlist.allows(parsed)) {
            return parsed;
        }
        Optional<String> reason = parsed.literal()
                ? ForbiddenAddresses.reason(parsed.address()).map(what -> "points to " + parsed.host() + ", " + what)
                : LocalNames.reason(parsed.host());
        if (reason.isPresent()) {
            throw new OutboundRefusedException("the URL " + reason.get());
        }
        return parsed;
    }

    /** Whether the URL's host is allowlisted: then the addresses it resolves to are not judged either. */
    public boolean allowlisted(OutboundUrl url) {
        return allowlist.allows(url);
    }
}
