package dev.kiln.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.config.KilnConfig;
import dev.kiln.job.Job;
import dev.kiln.job.JobCancels;
import dev.kiln.job.JobIds;
import dev.kiln.job.JobState;
import dev.kiln.provider.ProviderNames;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Operators look jobs up here — one job with its steps and history, or a page of jobs by state and provider — and
 * cancel them.
 */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private static final int DEFAULT_PAGE_SIZE = 50;

    private final JobViews views;
    private final JobCancels cancels;
    private final ObjectMapper json;
    private final KilnConfig.Api config;

    public JobResource(JobViews views, JobCancels cancels, ObjectMapper json, KilnConfig config) {
        this.views = views;
        this.cancels = cancels;
        this.json = json;
        this.config = config.api();
    }

    @GET
    @Path("/{jobId}")
    @WithSession
    @Operation(summary = "A job: state, version, inputs summary and the history of its transitions")
    @APIResponse(responseCode = "200", description = "The job")
    @APIResponse(responseCode = "400", description = "The id is not a job id (application/problem+json)")
    @APIResponse(responseCode = "404", description = "No job has that id (application/problem+json)")
    public Uni<JobView> get(@PathParam("jobId") String jobId) {
        if (!JobIds.valid(jobId)) {
            throw new BadRequestException("'" + clip(jobId) + "' is not a job id: " + JobIds.RULE);
        }
        return views.load(jobId).onItem().ifNull().failWith(() -> new NotFoundException("No job " + jobId));
    }

    @POST
    @Path("/{jobId}/cancel")
    @WithSession
    @Operation(
            summary = "Cancel a job",
            description = "A job that has not reached a provider (ACCEPTED, QUEUED) is canceled at once. A job at a"
                    + " provider is marked: the replica tracking it cancels the task there and then ends the job"
                    + " CANCELED, announced by its job.canceled event. Asking again is harmless; the first reason is"
                    + " kept. The same as a job.cancel-requested on the requests topic.")
    @APIResponse(responseCode = "200", description = "Canceled: the job, now CANCELED")
    @APIResponse(
            responseCode = "202",
            description =
                    "At a provider: the cancel is recorded (cancelRequestedAt) and under way; the job as it stands")
    @APIResponse(
            responseCode = "400",
            description = "A bad job id, a body that is not such a JSON object, or a reason longer than 500 characters"
                    + " (application/problem+json)")
    @APIResponse(responseCode = "404", description = "No job has that id (application/problem+json)")
    @APIResponse(
            responseCode = "409",
            description = "The job has already ended; the detail names its state (application/problem+json)")
    public Uni<Response> cancel(
            @PathParam("jobId") String jobId,
            @RequestBody(
                            description = "Optional: why, recorded in the job's history",
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON,
                                            schema = @Schema(implementation = CancelRequest.class)))
                    String body) {
        if (!JobIds.valid(jobId)) {
            throw new BadRequestException("'" + clip(jobId) + "' is not a job id: " + JobIds.RULE);
        }
        String reason = CancelRequest.reasonOf(body, json);
        return cancels.cancel(jobId, reason).chain(this::answer);
    }

    private Uni<Response> answer(JobCancels.Outcome outcome) {
        if (outcome instanceof JobCancels.Outcome.UnknownJob unknown) {
            return Uni.createFrom().failure(new NotFoundException("No job " + unknown.jobId()));
        }
        if (outcome instanceof JobCancels.Outcome.AlreadyEnded ended) {
            return Uni.createFrom()
                    .failure(new ClientErrorException(
                            "Job " + ended.job().id + " has already ended: it is " + ended.job().state,
                            Response.Status.CONFLICT));
        }
        if (outcome instanceof JobCancels.Outcome.Canceled canceled) {
            return views.full(canceled.job()).map(view -> Response.ok(view).build());
        }
        JobCancels.Outcome.Requested requested = (JobCancels.Outcome.Requested) outcome;
        return views.full(requested.job()).map(view -> Response.accepted(view).build());
    }

    @GET
    @WithSession
    @Operation(summary = "Jobs, newest first, optionally by state and provider; follow 'next' for more")
    @APIResponse(
            responseCode = "200",
            description = "A page of jobs, without their steps and history (GET /jobs/{jobId} shows them)")
    @APIResponse(
            responseCode = "400",
            description = "An unknown state or provider, a bad limit or cursor (application/problem+json)")
    public Uni<JobPage> list(
            @Parameter(description = "Only jobs in this state, e.g. ACCEPTED") @QueryParam("state") String state,
            @Parameter(description = "Only jobs of this provider, e.g. hitem3d") @QueryParam("provider")
                    String provider,
            @Parameter(description = "Page size, 1 to kiln.api.max-page-size (default 50)") @QueryParam("limit")
                    String limit,
            @Parameter(description = "The 'next' value of the previous page") @QueryParam("cursor") String cursor) {
        int size = pageSize(limit);
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (state != null) {
            where.append(" and state = :state");
            params.put("state", parseState(state));
        }
        if (provider != null) {
            if (!ProviderNames.ALL.contains(provider)) {
                throw new BadRequestException("provider must be one of "
                        + ProviderNames.ALL.stream().sorted().toList() + ", not '" + clip(provider) + "'");
            }
            where.append(" and provider = :provider");
            params.put("provider", provider);
        }
        if (cursor != null) {
            Cursor after = Cursor.decode(cursor);
            where.append(" and (createdAt < :createdAt or (createdAt = :createdAt and id < :id))");
            params.put("createdAt", after.createdAt());
            params.put("id", after.id());
        }
        return Job.<Job>find(where + " order by createdAt desc, id desc", params)
                .page(0, size + 1)
                .list()
                .map(jobs -> {
                    List<JobView> items = new ArrayList<>();
                    jobs.stream().limit(size).forEach(job -> items.add(views.summary(job)));
                    String next = jobs.size() > size
                            ? new Cursor(jobs.get(size - 1).createdAt, jobs.get(size - 1).id).encode()
                            : null;
                    return new JobPage(items, next);
                });
    }

    private int pageSize(String limit) {
        if (limit == null) {
            return Math.min(DEFAULT_PAGE_SIZE, config.maxPageSize());
        }
        int size;
        try {
            size = Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            size = 0;
        }
        if (size < 1 || size > config.maxPageSize()) {
            throw new BadRequestException(
                    "limit must be a whole number from 1 to " + config.maxPageSize() + ", not '" + clip(limit) + "'");
        }
        return size;
    }

    /** A caller's value echoed in an error, visible and short: control characters as escapes, at most 64. */
    private static String clip(String value) {
        StringBuilder shown = new StringBuilder();
        value.codePoints().limit(64).forEach(c -> {
            if (Character.isISOControl(c)) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return value.codePointCount(0, value.length()) > 64 ? shown + "…" : shown.toString();
    }

    private static JobState parseState(String state) {
        try {
            return JobState.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(
                    "state must be one of " + List.of(JobState.values()) + ", not '" + clip(state) + "'");
        }
    }

    /** Keyset position: the last job of a page, newest-first order. Opaque to callers. */
    record Cursor(Instant createdAt, String id) {

        private static BadRequestException notOurs() {
            return new BadRequestException("cursor is not one this API returned; pass the 'next' value of a page");
        }

        String encode() {
            String raw = createdAt.getEpochSecond() + "." + createdAt.getNano() + "|" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int bar = raw.indexOf('|');
                String[] time = raw.substring(0, bar).split("\\.");
                Cursor decoded = new Cursor(
                        Instant.ofEpochSecond(Long.parseLong(time[0]), Long.parseLong(time[1])),
                        raw.substring(bar + 1));
                if (!JobIds.valid(decoded.id())) {
                    throw notOurs();
                }
                return decoded;
            } catch (RuntimeException e) {
                throw notOurs();
            }
        }
    }
}
