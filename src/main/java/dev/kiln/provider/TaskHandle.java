package dev.kiln.provider;

/**
 * What Kiln keeps to find a provider task again: which provider, which step of the job, the provider's id.
 *
 * @param provider the provider name (see {@link ProviderNames})
 * @param step the step name the adapter gave (e.g. {@code generate}, {@code mesh}, {@code build})
 * @param taskId the provider's task id
 */
public record TaskHandle(String provider, String step, String taskId) {}
