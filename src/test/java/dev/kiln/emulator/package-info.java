/**
 * The provider emulator: a credit-free stand-in for each provider's HTTP API, run in-process by tests
 * or standalone ({@link dev.kiln.emulator.EmulatorMain}). Test code only; never part of Kiln's artifact.
 *
 * <h2>Shape</h2>
 *
 * One {@link dev.kiln.emulator.EmulatorServer} (plain Vert.x + Vert.x Web) listens on one port, HTTP/1.1
 * only as the vendors (no h2c: a fault that closes a connection hits one request), and serves:
 *
 * <ul>
 *   <li>every {@link dev.kiln.emulator.EmulatedApi} at its vendor's real paths (Hitem3D
 *       {@code /open-api/v1/...}, Hunyuan {@code /model/v1/generation...}, Meshy {@code /openapi/...}),
 *   <li>signed, expiring asset URLs at {@code /assets/{provider}/{file}?...&Expires=..&Signature=..}
 *       ({@link dev.kiln.emulator.asset}),
 *   <li>the admin API at {@code /_emulator/...} ({@link dev.kiln.emulator.admin.AdminRoutes}).
 * </ul>
 *
 * <h2>How a provider API plugs in</h2>
 *
 * <ol>
 *   <li>Implement {@link dev.kiln.emulator.EmulatedApi} in your own package
 *       ({@code dev.kiln.emulator.<vendor>}), and add its class name as one line to
 *       {@code src/test/resources/META-INF/services/dev.kiln.emulator.EmulatedApi}.
 *   <li>In {@code reset(ctx)}, register the default accounts with
 *       {@code ctx.accounts().register(new Account(provider(), id, balance, concurrency).credential("apiKey", key))}
 *       and drop any local state. The core has already cleared tasks, calls, scenarios and callbacks.
 *   <li>In {@code mount(router, ctx)}, add routes. Add a {@code BodyHandler} on your own paths only.
 *       In each handler: identify the account from the credential, then
 *       <pre>{@code
 * ctx.exchange(rc, provider(), "create-task")   // operation name: what the call log counts
 *     .errorBody(status -> vendorShapedError(status)) // body of injected 429/5xx
 *     .account(accountId)                          // null when the credential is bad
 *     .task(taskId)                                // when the call is about one task
 *     .run(ex -> { ...validate, create, answer with ex.json(status, body)... });
 *       }</pre>
 *       {@code run} records the call, resolves the scenario (base, rules, the {@code X-Emulator-Scenario}
 *       header), applies latency and the exchange faults (http_error with Retry-After, hang, reset), and
 *       {@code ex.json} applies the body faults (trickle, malformed JSON).
 *   <li>Create tasks with {@code ctx.tasks().create(provider(), account, id, ex.scenario(), defaultTiming,
 *       inputJson)}; read them with {@code ctx.tasks().find(provider(), id)} and map
 *       {@link dev.kiln.emulator.task.TaskPhase} and {@code progress(now)} to the vendor's words. The
 *       task fails at the end of its run when its scenario has {@code failTask} (a vendor code you choose
 *       the meaning of). The account's {@code concurrency} holds tasks in QUEUED.
 *   <li>React to phase changes (webhooks, SSE) with {@code ctx.tasks().addListener(provider(), listener)}
 *       in {@code mount}; listeners survive resets. They run under the task store's lock, before any
 *       reader sees the new phase (so a refund is never late): they must not block. Send webhooks through
 *       {@code ctx.callbacks().send(new CallbackDelivery(...))}: the scenario's {@code callbacks} mode
 *       (duplicate, delayed, out_of_order, never) and the retries are handled there; out_of_order sends the
 *       stale body once the final one was delivered. A reset drops every delivery still pending (delays,
 *       retries, out-of-order follow-ups).
 *   <li>Give result files as {@code ctx.assets().url(provider(), account, taskId, "0.glb",
 *       AssetSpec.model(seed, AssetFormat.GLB, textured, Geometry.of(taskId, faces)).withPbr(pbr)
 *       .sizedBy(scenario), vendorTtl, scenario)}: every format of a task holds the same mesh of
 *       {@code faces} triangles (the request's face count; 0 gives {@link
 *       dev.kiln.emulator.asset.Geometry#DEFAULT_FACES}) whose vertices the task id seeds, so two tasks never
 *       share a checksum and one task always serves the same bytes. GLB, OBJ, STL and FBX (binary 7.4) are
 *       real models that an independent importer loads (assimp, in {@code AssimpImportTest}); a PBR GLB
 *       embeds metallic-roughness and normal maps. The scenario's {@code assetSizeBytes} sizes files by
 *       bytes instead ({@code sizedBy}), may shorten the TTL ({@code urlTtlSeconds}) or truncate downloads
 *       ({@code truncateAtBytes}). {@code ctx.assets().deleteTaskFiles(provider, taskId)} makes a task's
 *       URLs answer 404. Tests get the expected bytes' checksum from {@link
 *       dev.kiln.emulator.asset.Assets#sha256}.
 *   <li>For SSE, read {@code scenario.sse()} / {@code sseEventsBeforeFault()} and drop or go silent.
 * </ol>
 *
 * <h2>Scenarios</h2>
 *
 * A {@link dev.kiln.emulator.scenario.Scenario} is a bag of knobs (documented on the class). Set one for
 * a single request with the header {@code X-Emulator-Scenario} (inline JSON, a preset such as
 * {@code rate-limited}, or the name of a named rule), for an account / task / operation / provider with
 * {@code POST /_emulator/scenarios} or {@code ctx.scenarios().add(...)}, or for everything with
 * {@link dev.kiln.emulator.EmulatorOptions#baseScenario}. Rules with {@code times} apply to that many
 * requests.
 *
 * <p>Defaults follow the vendors' documents (seeds win over the contract sheets); knobs give the
 * alternatives:
 *
 * <ul>
 *   <li>Hitem3D ({@link dev.kiln.emulator.hitem3d.Hitem3dApi}): a callback on every state change
 *       (queueing, processing once; success, failed retried 3 times), {@code callbackStates: "final"} for
 *       the final one only; a failure callback is exactly the query's body
 *       {@code {"code":50010001,"data":{},"msg":"generate failed"}}, {@code callbackIncludesTaskId: true}
 *       adds {@code data.task_id} and the state; {@code callbackStateField}: {@code state} (default) |
 *       {@code status} | {@code both}; an unknown task answers HTTP 200 with body code 404,
 *       {@code unknownTaskStatus: 404} answers HTTP 404; a request_type outside 1–3 answers 10031000 (invalid
 *       input, not retryable); {@code objAs}: {@code zip} (default) | {@code obj} for a textured OBJ; an
 *       image is judged by its signature, not its name; a submit that is no form (JSON) answers 10031008
 *       with HTTP 200 in the vendor's envelope.
 *   <li>Meshy ({@link dev.kiln.emulator.meshy}): {@code sseCloseAfterFinal} (default {@code true}):
 *       {@code false} keeps a stream open after its final event; the account's own 429
 *       {@code RateLimitExceeded} has no {@code Retry-After} unless {@code rateLimitRetryAfter: true}
 *       (an injected 429 with {@code retryAfterSeconds} keeps its header); a deleted Image-to-3D task's file
 *       URLs answer 404; models have {@code target_polycount} triangles (default 30 000) when remeshed.
 * </ul>
 *
 * <h2>Time</h2>
 *
 * {@link dev.kiln.emulator.EmulatorClock} is the system clock plus an offset; {@code POST
 * /_emulator/clock/advance {"seconds": 86400}} expires tokens and URLs without waiting. A periodic tick
 * (50 ms) moves tasks along so listeners fire without polling.
 */
package dev.kiln.emulator;
