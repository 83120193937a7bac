package dev.kiln.provider.hitem3d;

import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.config.ProvidersConfig;
import dev.kiln.provider.http.HttpErrors;
import dev.kiln.provider.http.Json;
import dev.kiln.provider.http.ProviderHttpClient;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Hitem3D access tokens: a static one from configuration, or exchanged for client id and secret, cached and
 * renewed before its 24 h end. Concurrent callers share one exchange. The token never leaves this class
 * except in the {@code Authorization} header.
 */
final class Hitem3dTokens {
    private static final Logger LOG = Logger.getLogger(Hitem3dTokens.class);
    static final String TOKEN_PATH = "/open-api/v1/auth/token";

    private final ProvidersConfig.Hitem3d config;
    private final ProviderHttpClient http;
    private final Hitem3dAnswers answers;
    private final Clock clock;
    private Token cached;
    private Uni<Token> exchanging;

    private record Token(String value, Instant refreshAt) {
        @Override
        public String toString() {
            return "Token[refreshAt=" + refreshAt + "]";
        }
    }

    Hitem3dTokens(ProvidersConfig.Hitem3d config, ProviderHttpClient http, Hitem3dAnswers answers, Clock clock) {
        this.config = config;
        this.http = http;
        this.answers = answers;
        this.clock = clock;
    }

    /** Whether a refused token can be replaced by a new one (not so for a static token). */
    boolean canRefresh() {
        return config.accessToken().isEmpty();
    }

    /** The {@code Authorization} header value to use now. */
    Uni<String> authorization() {
        Optional<String> fixed = config.accessToken();
        if (fixed.isPresent()) {
            return Uni.createFrom().item("Bearer " + fixed.get());
        }
        return current().map(token -> "Bearer " + token.value());
    }

    /** Forgets the token that {@code authorization} was built from, so the next call exchanges anew. */
    synchronized void invalidate(String authorization) {
        if (cached != null && authorization.equals("Bearer " + cached.value())) {
            LOG.info("hitem3d refused its access token before the expected end; exchanging a new one");
            cached = null;
        }
    }

    private synchronized Uni<Token> current() {
        if (cached != null && clock.instant().isBefore(cached.refreshAt())) {
            return Uni.createFrom().item(cached);
        }
        if (exchanging == null) {
            exchanging = exchange()
                    .onItemOrFailure()
                    .invoke((token, failure) -> finished(token))
                    .memoize()
                    .indefinitely();
        }
        return exchanging;
    }

    private synchronized void finished(Token token) {
        if (token != null) {
            LOG.debugf("hitem3d access token obtained; renewed after %s", token.refreshAt());
            cached = token;
        }
        exchanging = null;
    }

    private Uni<Token> exchange() {
        if (config.clientId().isEmpty() || config.clientSecret().isEmpty()) {
            return Uni.createFrom()
                    .failure(ProviderError.of(
                                    ErrorKind.AUTHENTICATION,
                                    false,
                                    null,
                                    "hitem3d has neither an access token nor client id and secret configured")
                            .toException());
        }
        String basic = Base64.getEncoder()
                .encodeToString(
                        (config.clientId().get() + ":" + config.clientSecret().get()).getBytes(StandardCharsets.UTF_8));
        Instant requestedAt = clock.instant();
        return http.send("token exchange", () -> http.prepare(http.web().postAbs(config.baseUrl() + TOKEN_PATH))
                        .putHeader("Authorization", "Basic " + basic)
                        .send())
                .map(response -> token(response, requestedAt));
    }

    private Token token(HttpResponse<Buffer> response, Instant requestedAt) {
        byte[] body = response.body() == null ? new byte[0] : response.body().getBytes();
        Hitem3dAnswers.Answer answer = Hitem3dAnswers.read(response.statusCode(), body)
                .orElseThrow(() -> response.statusCode() >= 300
                        ? HttpErrors.fromStatus(
                                        response.statusCode(), "token exchange failed", http.retryAfter(response))
                                .toException()
                        : HttpErrors.malformed("hitem3d", "token exchange", "no code in the answer")
                                .toException());
        if (!answer.ok()) {
            ProviderError error = answers.error(answer, http.retryAfter(response));
            // On the token endpoint any refusal of the credentials is final until an operator fixes them.
            throw (answers.isAuthFailure(answer)
                            ? ProviderError.of(
                                    ErrorKind.AUTHENTICATION,
                                    false,
                                    answer.code(),
                                    "hitem3d refused the client" + " id/secret: " + HttpErrors.clip(answer.message()))
                            : error)
                    .toException();
        }
        String value = Json.text(answer.data(), "accessToken");
        if (value == null) {
            throw HttpErrors.malformed("hitem3d", "token exchange", "no accessToken in data")
                    .toException();
        }
        Instant refreshAt = requestedAt.plus(config.tokenLifetime()).minus(config.tokenRefreshMargin());
        return new Token(value, refreshAt);
    }
}
