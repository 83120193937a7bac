package dev.kiln.reconcile;

import dev.kiln.job.Job;
import dev.kiln.job.JobIds;
import dev.kiln.job.TransitionRefusedException;
import dev.kiln.work.LeaseLostException;
import dev.kiln.work.WorkItem;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/**
 * An operator decides what became of a create call whose outcome is unknown, before reconciliation gives up on
 * it: adopt the task they found at the provider, resubmit (vouching that no task exists), or fail the job.
 */
@Path("/jobs/{jobId}/submission")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SubmissionResource {

    private static final Logger LOG = Logger.getLogger(SubmissionResource.class);
    private static final int MAX_TASK_ID = 200;

    private final OperatorLease leases;
    private final SubmitHistory history;
    private final ReconcileMoves moves;

    public SubmissionResource(OperatorLease leases, SubmitHistory history, ReconcileMoves moves) {
        this.leases = leases;
        this.history = history;
        this.moves = moves;
    }

    @POST
    @Operation(summary = "Decide a SUBMIT_UNKNOWN job: adopt a provider task, resubmit, or fail")
    @APIResponse(responseCode = "200", description = "Decided: the job's new state and version")
    @APIResponse(responseCode = "400", description = "An unknown decision, or a bad task id (application/problem+json)")
    @APIResponse(responseCode = "404", description = "No job has that id (application/problem+json)")
    @APIResponse(responseCode = "409", description = "The job is not SUBMIT_UNKNOWN (application/problem+json)")
    public Uni<Map<String, Object>> decide(@PathParam("jobId") String jobId, SubmissionDecision decision) {
        if (!JobIds.valid(jobId)) {
            throw new BadRequestException("That is not a job id: " + JobIds.RULE);
        }
        Choice choice = choice(decision);
        return leases.seize(jobId).chain(seized -> {
            if (seized.isEmpty()) {
                return leases.jobExists(jobId).map(exists -> {
                    if (!exists) {
                        throw new NotFoundException("No job " + jobId);
                    }
                    throw conflict(jobId);
                });
            }
            WorkItem item = seized.get();
            return apply(item, choice, decision)
                    .map(job ->
                            Map.<String, Object>of("jobId", job.id, "state", job.state.name(), "version", job.version))
                    .onFailure(failure -> !(failure instanceof LeaseLostException))
                    .call(() -> leases.handBack(item.lease()))
                    .onFailure(failure ->
                            failure instanceof TransitionRefusedException || failure instanceof LeaseLostException)
                    .transform(failure -> conflict(jobId));
        });
    }

    private Uni<Job> apply(WorkItem item, Choice choice, SubmissionDecision decision) {
        return history.ours(item.jobId()).chain(recorded -> {
            CreateWindow call = recorded.orElseGet(() -> new CreateWindow(item.createdAt(), item.createdAt()));
            long version = item.job().version();
            LOG.infof("Job %s: an operator decided %s", item.jobId(), choice.word());
            return switch (choice) {
                case ADOPT -> moves.adopt(
                        item.lease(), version, decision.providerTaskId().strip(), ReconcileMoves.By.OPERATOR);
                case RESUBMIT -> moves.requeue(
                        item.lease(), version, item.step(), Reasons.resubmittedByOperator(item, call));
                case FAIL -> moves.fail(item.lease(), version, item.step(), Reasons.byOperator(item, call));
            };
        });
    }

    private static Choice choice(SubmissionDecision decision) {
        if (decision == null || decision.decision() == null) {
            throw new BadRequestException("The body must name a decision: adopt, resubmit or fail");
        }
        Choice choice;
        try {
            choice = Choice.valueOf(decision.decision().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new BadRequestException("decision must be adopt, resubmit or fail");
        }
        String task = decision.providerTaskId();
        if (choice == Choice.ADOPT) {
            if (task == null || task.isBlank()) {
                throw new BadRequestException("adopt needs the providerTaskId found at the provider");
            }
            if (task.length() > MAX_TASK_ID || task.chars().anyMatch(Character::isISOControl)) {
                throw new BadRequestException(
                        "providerTaskId must be at most " + MAX_TASK_ID + " characters without control characters");
            }
        } else if (task != null) {
            throw new BadRequestException("providerTaskId belongs to adopt only");
        }
        return choice;
    }

    private static ClientErrorException conflict(String jobId) {
        return new ClientErrorException("Job " + jobId + " is not SUBMIT_UNKNOWN (or is being decided right now)", 409);
    }

    private enum Choice {
        ADOPT,
        RESUBMIT,
        FAIL;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
