package dev.kiln.provider.hitem3d;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.http.HttpErrors;
import dev.kiln.provider.http.Json;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Hitem3D's answers. Every answer carries a body {@code code} (a number or a string) that decides the
 * outcome, whatever the HTTP status: bad credentials come back as HTTP 200 with an error code.
 */
final class Hitem3dAnswers {
    static final String OK = "200";
    /** "generate failed": spelled both ways in Hitem3D's pages. */
    static final Set<String> GENERATE_FAILED = Set.of("50010001", "5001001");

    static final String OUT_OF_CREDITS = "30010000";
    static final String SYSTEM_ERROR = "10000000";
    /** 10031001–10031012 and any later 100310xx: the request broke a rule. */
    static final String INVALID_INPUT_PREFIX = "100310";

    private final Set<String> authFailureCodes;

    Hitem3dAnswers(List<String> authFailureCodes) {
        this.authFailureCodes = Set.copyOf(authFailureCodes);
    }

    /** An answer: its body code (null when unreadable), message and data. */
    record Answer(int httpStatus, String code, String message, JsonNode data) {
        boolean ok() {
            return OK.equals(code);
        }
    }

    static Optional<Answer> read(int httpStatus, byte[] body) {
        return Json.parse(body)
                .filter(JsonNode::isObject)
                .filter(node -> node.hasNonNull("code"))
                .map(node -> new Answer(httpStatus, Json.text(node, "code"), Json.text(node, "msg"), node.get("data")));
    }

    boolean isAuthFailure(Answer answer) {
        return answer.httpStatus() == 401 || authFailureCodes.contains(answer.code());
    }

    /** The error a non-OK answer means. */
    ProviderError error(Answer answer, Duration retryAfter) {
        String code = answer.code();
        String message = HttpErrors.clip(answer.message() == null ? "code " + code : answer.message());
        if (isAuthFailure(answer)) {
            return ProviderError.of(
                    ErrorKind.AUTHENTICATION, false, code, "hitem3d refused the credentials: " + message);
        }
        if (OUT_OF_CREDITS.equals(code)) {
            return ProviderError.of(ErrorKind.OUT_OF_CREDITS, false, code, message);
        }
        if (code != null && code.startsWith(INVALID_INPUT_PREFIX) && code.length() == 8) {
            return ProviderError.of(ErrorKind.INVALID_INPUT, false, code, message);
        }
        if (SYSTEM_ERROR.equals(code)) {
            return new ProviderError(ErrorKind.PROVIDER_FAULT, true, retryAfter, code, message);
        }
        if (GENERATE_FAILED.contains(code)) {
            // Timed out or the image could not be read; credits are refunded and a new task may succeed.
            return ProviderError.of(ErrorKind.TASK_FAILED, true, code, message);
        }
        if ("404".equals(code) || answer.httpStatus() == 404) {
            // An unknown (or another account's) task: HTTP 404, or HTTP 200 with body code 404.
            return ProviderError.of(ErrorKind.NOT_FOUND, false, code, message);
        }
        if (answer.httpStatus() >= 400) {
            ProviderError byStatus = HttpErrors.fromStatus(answer.httpStatus(), message, retryAfter);
            return new ProviderError(byStatus.kind(), byStatus.retryable(), retryAfter, code, message);
        }
        return ProviderError.of(ErrorKind.PROVIDER_FAULT, false, code, "unknown hitem3d code: " + message);
    }
}
