package dev.kiln.emulator.callback;

import dev.kiln.emulator.scenario.Scenario;
import io.vertx.core.json.JsonObject;

/**
 * One callback to deliver.
 *
 * @param provider the API sending it
 * @param taskId the task it is about
 * @param url where to POST it
 * @param body the JSON body (the vendor's task snapshot)
 * @param staleBody an earlier snapshot, sent after {@code body} when the scenario wants callbacks out of
 *     order; may be null (then out-of-order sends {@code body} twice)
 * @param retries how many times a failed delivery is retried (the vendor's number)
 * @param scenario the task's scenario (callback mode, delays)
 */
public record CallbackDelivery(
        String provider,
        String taskId,
        String url,
        JsonObject body,
        JsonObject staleBody,
        int retries,
        Scenario scenario) {}
