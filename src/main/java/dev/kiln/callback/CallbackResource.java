package dev.kiln.callback;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.api.problem.Problem;
import dev.kiln.provider.CallbackOutcome;
import dev.kiln.provider.CallbackRequest;
import dev.kiln.provider.CallbackSigner;
import dev.kiln.provider.ProviderAdapter;
import dev.kiln.provider.ProviderRegistry;
import dev.kiln.work.WorkItems;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/**
 * Where providers POST task changes: {@code /callbacks/{provider}}, the URL an adapter puts in its create call
 * ({@code kiln.providers.hitem3d.callback-base-url} must name this path, see {@link CallbackPaths}). A callback
 * is a hint and nothing more: its proof is checked by the adapter, then the job's work items are nudged (due now,
 * the task id it named kept for reconciliation), and the tracker or reconciler confirms the change with one
 * status read and applies it through the fenced compare-and-set. No job state is changed here, so any replica
 * can answer, and a duplicated or late callback only nudges again.
 */
@Path(CallbackPaths.ROOT + "/{provider}")
public class CallbackResource {

    private static final Logger LOG = Logger.getLogger(CallbackResource.class);
    /** The proof's parameters: given twice, which one the signer checked would be a guess. */
    private static final Set<String> PROOF_PARAMETERS =
            Set.of(CallbackSigner.JOB, CallbackSigner.STEP, CallbackSigner.SIGNATURE);

    private final ProviderRegistry providers;
    private final WorkItems items;
    private final Pool pool;
    private final ObjectMapper json;

    public CallbackResource(ProviderRegistry providers, WorkItems items, Pool pool, ObjectMapper json) {
        this.providers = providers;
        this.items = items;
        this.pool = pool;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A provider's callback about one job's task (a hint, confirmed by a status read)")
    @APIResponse(responseCode = "200", description = "Accepted: the job's work is looked at now")
    @APIResponse(responseCode = "400", description = "The proof held but the body is unreadable")
    @APIResponse(responseCode = "401", description = "The proof is missing, wrong, or another job's")
    @APIResponse(responseCode = "404", description = "No such provider with callbacks, or no such job")
    public Uni<Response> receive(@PathParam("provider") String provider, @Context UriInfo uri, byte[] body) {
        Optional<ProviderAdapter> adapter =
                providers.adapter(provider).filter(found -> found.capabilities().callbacks());
        if (adapter.isEmpty()) {
            return answer(Problem.of(404, "No provider with callbacks is called '" + clip(provider) + "'"));
        }
        Map<String, String> parameters = new HashMap<>();
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        for (Map.Entry<String, List<String>> entry : query.entrySet()) {
            if (PROOF_PARAMETERS.contains(entry.getKey()) && entry.getValue().size() > 1) {
                return refused(provider, new CallbackOutcome.Refused("a proof parameter is given twice"));
            }
            parameters.put(entry.getKey(), entry.getValue().get(0));
        }
        CallbackOutcome outcome =
                adapter.get().parseCallback(new CallbackRequest(parameters, body == null ? new byte[0] : body));
        if (outcome instanceof CallbackOutcome.Accepted accepted) {
            return nudge(provider, accepted);
        }
        return refused(provider, (CallbackOutcome.Refused) outcome);
    }

    private Uni<Response> nudge(String provider, CallbackOutcome.Accepted accepted) {
        String taskId =
                accepted.hint().task() == null ? null : accepted.hint().task().taskId();
        return items.nudge(accepted.jobId(), taskId).chain(nudged -> {
            if (nudged > 0) {
                LOG.debugf(
                        "%s callback for job %s (task %s, %s) nudged %d item(s)",
                        provider, accepted.jobId(), taskId, accepted.hint().state(), nudged);
                return accepted();
            }
            return jobExists(accepted.jobId()).chain(exists -> {
                if (exists) {
                    // A late or repeated callback of a job whose work is done: nothing to look at, and no reason
                    // for the provider to send it again.
                    return accepted();
                }
                // The proof is ours, so the job once was; it is gone now. Hitem3D retries a failed delivery only
                // three times (its sheet), so a 404 cannot start an endless retry: say so plainly.
                LOG.infof("%s callback for unknown job %s", provider, accepted.jobId());
                return answer(Problem.of(404, "No job " + clip(accepted.jobId())));
            });
        });
    }

    private Uni<Boolean> jobExists(String jobId) {
        return pool.preparedQuery("SELECT 1 FROM job WHERE id = $1")
                .execute(Tuple.of(jobId))
                .map(rows -> rows.size() > 0);
    }

    /** A refusal changes nothing; it is logged without the callback's proof (only the provider's reason). */
    private Uni<Response> refused(String provider, CallbackOutcome.Refused refusal) {
        LOG.infof("%s callback refused: %s", provider, refusal.reason());
        int status = refusal.unreadable() ? 400 : 401;
        return answer(Problem.of(status, "Callback refused: " + refusal.reason()));
    }

    private Uni<Response> accepted() {
        return Uni.createFrom()
                .item(Response.ok("{\"accepted\":true}", MediaType.APPLICATION_JSON_TYPE)
                        .build());
    }

    private Uni<Response> answer(Problem problem) {
        return Uni.createFrom().item(problem.toResponse(json));
    }

    private static String clip(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100) + "…";
    }
}
