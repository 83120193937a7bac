/**
 * The emulated Meshy APIs ({@link dev.kiln.emulator.meshy.MeshyApi}, provider name {@code meshy}), at the vendor's
 * paths with {@code Authorization: Bearer <key>}.
 *
 * <h2>Endpoints</h2>
 *
 * <ul>
 *   <li>{@code /openapi/v1/image-to-3d} and {@code /openapi/v1/multi-image-to-3d}: {@code POST} (→ 202
 *       {@code {"result": id}}), {@code GET} list ({@code page_num}, {@code page_size} ≤ 50, {@code sort_by}
 *       ±created_at), {@code GET /{id}}, {@code DELETE /{id}} (200), {@code GET /{id}/stream} (SSE).
 *   <li>{@code /openapi/creative-lab/figure/v1/prototype} and {@code .../build}: {@code POST}, list, {@code GET /{id}},
 *       {@code DELETE /{id}} (cancel: 204, or 400 once finished), {@code GET /{id}/stream}. The stage in the path
 *       must match the task's (else 404; a stream sends one {@code event: error} 404).
 * </ul>
 *
 * <h2>Accounts (reset restores them)</h2>
 *
 * {@code emulator-meshy-key} and {@code emulator-meshy-key-2} (account {@code default}, 100 000 credits),
 * {@code emulator-meshy-other-account-key} (account {@code other}), {@code emulator-meshy-no-credits-key} (account
 * {@code no-credits}, 0 credits → 402). Per account: 20 requests/s (429 {@code RateLimitExceeded}, no
 * {@code Retry-After}: none is documented; scenario {@code rateLimitRetryAfter: true} adds one), 10 PENDING + IN_PROGRESS tasks (429 {@code NoMoreConcurrentTasks}, no Retry-After), 4
 * running at once. Change them with {@code PUT /_emulator/accounts/meshy/{id}}: {@code balance},
 * {@code concurrency}, {@code credentials} ({@code apiKey}, {@code apiKey2}, {@code apiKey3}), {@code settings}
 * ({@code requestsPerSecond}, {@code queueLimit}).
 *
 * <h2>Reserved inputs</h2>
 *
 * An image URL on a host under {@code .invalid} is unreachable (400); {@code moderation-blocked} in an input makes
 * a figure prototype 400 and an image-to-3D task with {@code moderation: true} FAILED
 * ({@code invalid_input}/{@code moderation_blocked}); {@code no-candidate} in a prototype's image URL gives a
 * SUCCEEDED prototype without a candidate image (its build is refused with 400).
 *
 * <h2>Scenarios (core knobs, plus Meshy's)</h2>
 *
 * {@code failTask} takes a {@link dev.kiln.emulator.meshy.task.TaskFailure#CATALOGUE} name ({@code invalid_input},
 * {@code image_too_complex}, {@code moderation_blocked}, {@code timeout}, {@code service_unavailable},
 * {@code server_error}, {@code format_conversion_failed}); {@code sse}: {@code drop}/{@code silent} after
 * {@code sseEventsBeforeFault} events; {@code sseMultiLineData: true}; {@code sseCloseAfterFinal} (default
 * {@code true}; {@code false} keeps the stream open after the final event); {@code rateLimitRetryAfter};
 * {@code urlTtlSeconds};
 * {@code queueMillis}/{@code processingMillis}; {@code fault} (429 answers {@code RateLimitExceeded}).
 */
package dev.kiln.emulator.meshy;
