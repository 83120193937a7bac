package dev.kiln.provider;

import dev.kiln.contract.JobRequest;

/**
 * The create call for one step of a job.
 *
 * @param job the validated request
 * @param step one of {@link ProviderAdapter#steps(JobRequest)}
 * @param previous the task of the step before, for steps that build on it (Hitem3D texture on a mesh,
 *     Meshy figure build on a prototype); null for the first step
 */
public record StepRequest(JobRequest job, String step, TaskHandle previous) {}
