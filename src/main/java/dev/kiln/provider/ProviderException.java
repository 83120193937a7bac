package dev.kiln.provider;

/** How a failed provider call ends a {@code Uni}: carries the classified {@link ProviderError}. */
public class ProviderException extends RuntimeException {
    private final ProviderError error;

    public ProviderException(ProviderError error) {
        super(error.kind() + (error.providerCode() == null ? "" : " [" + error.providerCode() + "]") + ": "
                + error.message());
        this.error = error;
    }

    public ProviderError error() {
        return error;
    }

    public ErrorKind kind() {
        return error.kind();
    }
}
