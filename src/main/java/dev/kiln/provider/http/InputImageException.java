package dev.kiln.provider.http;

import dev.kiln.provider.ProviderError;
import dev.kiln.provider.ProviderException;

/**
 * An input image could not be read (before the provider saw a complete request), so a failed create call
 * that carried it certainly created nothing.
 */
public final class InputImageException extends ProviderException {
    public InputImageException(ProviderError error) {
        super(error);
    }

    @Override
    public boolean requestSent() {
        return false;
    }
}
