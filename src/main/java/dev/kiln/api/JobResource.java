package dev.kiln.api;

import dev.kiln.config.KilnConfig;
import dev.kiln.job.Job;
import dev.kiln.job.JobIds;
import dev.kiln.job.JobState;
import dev.kiln.job.JobTransition;
import dev.kiln.provider.ProviderNames;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Operators look jobs up here: one job with its history, or a page of jobs by state and provider. */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private static final int DEFAULT_PAGE_SIZE = 50;

    private final JobViews views;
    private final KilnConfig.Api config;

    public JobResource(JobViews views, KilnConfig config) {
        this.views = views;
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
        return Job.<Job>findById(jobId).chain(job -> {
            if (job == null) {
                return Uni.createFrom().failure(new NotFoundException("No job " + jobId));
            }
            return JobTransition.<JobTransition>find("key.jobId = ?1 order by key.sequence", jobId)
                    .list()
                    .map(history -> views.of(job, history));
        });
    }

    @GET
    @WithSession
    @Operation(summary = "Jobs, newest first, optionally by state and provider; follow 'next' for more")
    @APIResponse(responseCode = "200", description = "A page of jobs (without their history)")
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
                    jobs.stream().limit(size).forEach(job -> items.add(views.of(job, null)));
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
