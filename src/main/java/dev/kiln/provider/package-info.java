/**
 * The provider SPI: everything Kiln knows about a provider's HTTP API sits behind
 * {@link dev.kiln.provider.ProviderAdapter}, one adapter per provider API and account.
 *
 * <h2>How dispatch and tracking use it</h2>
 *
 * <ol>
 *   <li>Intake calls the {@link dev.kiln.provider.ProviderRequestValidator} bean of the request's provider
 *       (each adapter's rules are also its {@code validate}); violations reject the job before any credit is
 *       spent.
 *   <li>Dispatch looks the adapter up in {@link dev.kiln.provider.ProviderRegistry}, asks for the job's
 *       {@code steps} (Meshy figure: prototype, build; Hitem3D staged: mesh, texture; else one step) and
 *       submits them in order, each {@link dev.kiln.provider.StepRequest} carrying the previous step's
 *       {@link dev.kiln.provider.TaskHandle}. {@code submit} answers a
 *       {@link dev.kiln.provider.SubmitOutcome}, so dispatch is a {@code switch}: created (record the task),
 *       not created (give the slot back; retry after the provider's wait if the error is retryable, else fail
 *       the job), unknown (move the job to {@code SUBMIT_UNKNOWN} and reconcile with {@code listRecent}
 *       (Meshy) or the callback keyed to the job (Hitem3D) before submitting again). One rule,
 *       {@link dev.kiln.provider.CreateDoubt}, decides between the last two for every adapter. Budgets are
 *       kept per {@code account()}, which the three Meshy adapters share.
 *   <li>Tracking follows the task: {@code follow} where {@link dev.kiln.provider.ProviderCapabilities#streaming()}
 *       (it reconnects and falls back to polling on its own), else {@code status} on a timer. Callbacks
 *       ({@code parseCallback}) are hints: confirm them with one {@code status}.
 *   <li>Storage takes the {@link dev.kiln.provider.OutputFile}s of the final snapshot (role, real format,
 *       zipped or not) and asks {@code outputs} again when a URL has expired.
 * </ol>
 *
 * <h2>Errors</h2>
 *
 * Every failure (of {@code submit}: every outcome other than created) carries one
 * {@link dev.kiln.provider.ProviderError}: an {@link dev.kiln.provider.ErrorKind} with a retry decision and, for
 * rate limits, the provider's wait. Calls other than {@code submit} fail with a
 * {@link dev.kiln.provider.ProviderException} carrying it. No message carries a key, token, callback secret or
 * signed URL query.
 */
package dev.kiln.provider;
