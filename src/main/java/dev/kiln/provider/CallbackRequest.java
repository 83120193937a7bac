package dev.kiln.provider;

import java.util.Map;

/**
 * A provider's callback as the REST endpoint received it.
 *
 * @param queryParameters the callback URL's query parameters (where Kiln's per-job proof travels)
 * @param body the raw body
 */
public record CallbackRequest(Map<String, String> queryParameters, byte[] body) {

    @Override
    public String toString() {
        return "CallbackRequest[parameters=" + queryParameters.keySet() + ", bodyBytes=" + body.length + "]";
    }
}
