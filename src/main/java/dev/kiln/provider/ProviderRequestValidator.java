package dev.kiln.provider;

import dev.kiln.contract.JobRequest;
import java.util.List;

/**
 * The intake's validation hook: each provider adapter checks a request against its provider's documented
 * rules before any credit is spent. Implementations are CDI beans; intake picks the one whose
 * {@link #provider()} matches the request. A request that fails any check becomes a {@code REJECTED} job.
 */
public interface ProviderRequestValidator {

    /** The provider name as it appears in requests, e.g. {@code hitem3d}. */
    String provider();

    /**
     * Checks the request (already valid against the JSON schema) against this provider's rules.
     *
     * @return every violation found, empty when the request is acceptable
     */
    List<Violation> validate(JobRequest request);
}
