package dev.kiln.provider;

/**
 * How a failed provider call ends a {@code Uni}: carries the classified {@link ProviderError} and how far the
 * call got, which {@link CreateDoubt} needs to judge a create: the HTTP status when the error was read from
 * an answer, and (in the subclasses that say so) that nothing reached the provider.
 */
public class ProviderException extends RuntimeException {
    private final ProviderError error;
    private final Integer httpStatus;

    public ProviderException(ProviderError error) {
        this(error, null);
    }

    /** The error read from an answer that came with {@code httpStatus}. */
    public ProviderException(ProviderError error, Integer httpStatus) {
        super(error.kind() + (error.providerCode() == null ? "" : " [" + error.providerCode() + "]") + ": "
                + error.message());
        this.error = error;
        this.httpStatus = httpStatus;
    }

    public ProviderError error() {
        return error;
    }

    public ErrorKind kind() {
        return error.kind();
    }

    /** The HTTP status of the answer this error was read from; null when no answer came (or none was read). */
    public Integer httpStatus() {
        return httpStatus;
    }

    /**
     * Whether the call may have reached the provider. True unless certainly not (a subclass says so): a failure
     * of unknown origin counts as sent, the cautious side for a create.
     */
    public boolean requestSent() {
        return true;
    }
}
