package dev.kiln.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.contract.JobRequest;
import dev.kiln.provider.ProviderAdapter;
import dev.kiln.provider.ProviderRegistry;
import dev.kiln.work.WorkItem;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Reads what a claimed item needs from its job: the request as accepted, its adapter and its steps. */
@ApplicationScoped
public class ClaimedRequests {

    private final ObjectMapper json;
    private final ProviderRegistry registry;

    public ClaimedRequests(ObjectMapper json, ProviderRegistry registry) {
        this.json = json;
        this.registry = registry;
    }

    /** The adapter of the job's provider; empty when this deployment does not configure it. */
    public Optional<ProviderAdapter> adapter(WorkItem item) {
        return registry.adapter(item.job().provider());
    }

    public JobRequest request(WorkItem item) {
        try {
            return json.readValue(item.job().requestJson(), JobRequest.class);
        } catch (JsonProcessingException e) {
            // Intake stored it after reading it the same way: this is a bug or a hand-edited row.
            throw new IllegalStateException("The stored request of job " + item.jobId() + " cannot be read", e);
        }
    }

    /** The steps of the job, in order. */
    public List<String> steps(WorkItem item, ProviderAdapter adapter) {
        return adapter.steps(request(item));
    }
}
