package dev.kiln.provider.http;

import dev.kiln.provider.ProviderError;
import dev.kiln.provider.ProviderException;

/**
 * A call that failed before any byte of it reached the provider (connection refused, unknown host, connect
 * timeout, pool queue full): it cannot have created anything, so a create is safe to repeat.
 */
public final class NotSentException extends ProviderException {
    public NotSentException(ProviderError error) {
        super(error);
    }

    /** Whether {@code failure} certainly never reached the provider. */
    public static boolean notSent(Throwable failure) {
        return failure instanceof NotSentException;
    }
}
