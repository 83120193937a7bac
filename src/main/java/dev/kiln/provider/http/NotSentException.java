package dev.kiln.provider.http;

import dev.kiln.provider.ProviderError;
import dev.kiln.provider.ProviderException;

/**
 * A call that failed before any byte of it reached the provider (connection refused, unknown host, connect
 * timeout, pool queue full, the local rate limit, missing credentials, a failed token exchange): it cannot
 * have created anything, so a create is safe to repeat.
 */
public final class NotSentException extends ProviderException {
    public NotSentException(ProviderError error) {
        super(error);
    }

    /**
     * The failure of a step that had to succeed before the call could be made (a token exchange, a query for
     * an input): whatever that step reached, the call itself never went out.
     */
    public static NotSentException before(ProviderException step) {
        return step instanceof NotSentException notSent ? notSent : new NotSentException(step.error());
    }

    @Override
    public boolean requestSent() {
        return false;
    }
}
