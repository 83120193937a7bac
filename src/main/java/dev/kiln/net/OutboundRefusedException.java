package dev.kiln.net;

/**
 * Kiln will not fetch from (or hand on) this URL: it points inside a network, cannot be read one single way,
 * or answered with a redirect. The message says why and names no more of the URL than its host.
 */
public final class OutboundRefusedException extends RuntimeException {
    public OutboundRefusedException(String reason) {
        super(reason, null, false, false);
    }

    /** Why the URL was refused, as a phrase ("the URL points to 127.0.0.1, a loopback address"). */
    public String reason() {
        return getMessage();
    }
}
