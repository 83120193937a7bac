package dev.kiln.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.provider.http.NotSentException;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The one rule for "may this create call have created a task?", case by case. */
class CreateDoubtTest {
    private static final boolean SENT = true;
    private static final boolean NOT_SENT = false;
    private static final CreateDoubt PLAIN = CreateDoubt.plain();
    /** Hunyuan's documented "before creation" codes, as an example of a provider's own exceptions. */
    private static final CreateDoubt WITH_CODES = CreateDoubt.withNoTaskCodes(Set.of("13001097", "13001099"));

    enum Verdict {
        NOT_CREATED,
        UNKNOWN
    }

    private static ProviderError error(ErrorKind kind, String code) {
        return ProviderError.of(kind, true, code, "test");
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // what never left cannot have created anything
                Arguments.of(
                        "connect refused",
                        PLAIN,
                        NOT_SENT,
                        null,
                        error(ErrorKind.PROVIDER_FAULT, null),
                        Verdict.NOT_CREATED),
                Arguments.of(
                        "own validation",
                        PLAIN,
                        NOT_SENT,
                        null,
                        error(ErrorKind.INVALID_INPUT, null),
                        Verdict.NOT_CREATED),
                Arguments.of(
                        "token exchange hung",
                        PLAIN,
                        NOT_SENT,
                        null,
                        error(ErrorKind.TIMED_OUT, null),
                        Verdict.NOT_CREATED),
                // sent, then silence
                Arguments.of(
                        "timeout after sending", PLAIN, SENT, null, error(ErrorKind.TIMED_OUT, null), Verdict.UNKNOWN),
                Arguments.of(
                        "reset after sending",
                        PLAIN,
                        SENT,
                        null,
                        error(ErrorKind.PROVIDER_FAULT, null),
                        Verdict.UNKNOWN),
                // documented refusals
                Arguments.of("400", PLAIN, SENT, 400, error(ErrorKind.INVALID_INPUT, "400"), Verdict.NOT_CREATED),
                Arguments.of("401", PLAIN, SENT, 401, error(ErrorKind.AUTHENTICATION, "401"), Verdict.NOT_CREATED),
                Arguments.of("402", PLAIN, SENT, 402, error(ErrorKind.OUT_OF_CREDITS, "402"), Verdict.NOT_CREATED),
                Arguments.of("403", PLAIN, SENT, 403, error(ErrorKind.AUTHENTICATION, "403"), Verdict.NOT_CREATED),
                Arguments.of("404", PLAIN, SENT, 404, error(ErrorKind.NOT_FOUND, "404"), Verdict.NOT_CREATED),
                Arguments.of("409", PLAIN, SENT, 409, error(ErrorKind.INVALID_INPUT, "409"), Verdict.NOT_CREATED),
                Arguments.of("422", PLAIN, SENT, 422, error(ErrorKind.INVALID_INPUT, "422"), Verdict.NOT_CREATED),
                Arguments.of(
                        "429",
                        PLAIN,
                        SENT,
                        429,
                        error(ErrorKind.RATE_LIMITED, "RateLimitExceeded"),
                        Verdict.NOT_CREATED),
                Arguments.of(
                        "429 queue full",
                        PLAIN,
                        SENT,
                        429,
                        error(ErrorKind.CONCURRENCY_LIMITED, "NoMoreConcurrentTasks"),
                        Verdict.NOT_CREATED),
                // server faults
                Arguments.of("500", PLAIN, SENT, 500, error(ErrorKind.PROVIDER_FAULT, "500"), Verdict.UNKNOWN),
                Arguments.of(
                        "502 gateway page", PLAIN, SENT, 502, error(ErrorKind.PROVIDER_FAULT, "502"), Verdict.UNKNOWN),
                Arguments.of("503", PLAIN, SENT, 503, error(ErrorKind.PROVIDER_FAULT, "503"), Verdict.UNKNOWN),
                Arguments.of("504", PLAIN, SENT, 504, error(ErrorKind.TIMED_OUT, "504"), Verdict.UNKNOWN),
                Arguments.of(
                        "5xx with an undocumented code",
                        PLAIN,
                        SENT,
                        503,
                        error(ErrorKind.PROVIDER_FAULT, "77777777"),
                        Verdict.UNKNOWN),
                Arguments.of(
                        "5xx naming a failed task",
                        WITH_CODES,
                        SENT,
                        500,
                        error(ErrorKind.TASK_FAILED, "13001095"),
                        Verdict.UNKNOWN),
                Arguments.of(
                        "5xx with a refusal code",
                        PLAIN,
                        SENT,
                        500,
                        error(ErrorKind.OUT_OF_CREDITS, "30010000"),
                        Verdict.NOT_CREATED),
                // a provider's documented "no task" codes win over the status
                Arguments.of(
                        "5xx documented as before creation",
                        WITH_CODES,
                        SENT,
                        500,
                        error(ErrorKind.PROVIDER_FAULT, "13001099"),
                        Verdict.NOT_CREATED),
                Arguments.of(
                        "same code, rule without it",
                        PLAIN,
                        SENT,
                        500,
                        error(ErrorKind.PROVIDER_FAULT, "13001099"),
                        Verdict.UNKNOWN),
                Arguments.of(
                        "2xx envelope documented as before creation",
                        WITH_CODES,
                        SENT,
                        200,
                        error(ErrorKind.PROVIDER_FAULT, "13001097"),
                        Verdict.NOT_CREATED),
                // answers that are neither success nor refusal
                Arguments.of("redirect", PLAIN, SENT, 303, error(ErrorKind.PROVIDER_FAULT, "303"), Verdict.UNKNOWN),
                Arguments.of(
                        "2xx unreadable", PLAIN, SENT, 200, error(ErrorKind.PROVIDER_FAULT, null), Verdict.UNKNOWN),
                Arguments.of(
                        "2xx with a server code in the body",
                        PLAIN,
                        SENT,
                        200,
                        error(ErrorKind.PROVIDER_FAULT, "500"),
                        Verdict.UNKNOWN),
                Arguments.of(
                        "2xx with a vendor refusal code",
                        PLAIN,
                        SENT,
                        200,
                        error(ErrorKind.INVALID_INPUT, "10031002"),
                        Verdict.NOT_CREATED),
                Arguments.of(
                        "2xx with an auth code",
                        PLAIN,
                        SENT,
                        200,
                        error(ErrorKind.AUTHENTICATION, "40010000"),
                        Verdict.NOT_CREATED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judges(String name, CreateDoubt rule, boolean sent, Integer status, ProviderError error, Verdict expected) {
        SubmitOutcome outcome = rule.judge(sent, status, error);

        assertThat(outcome)
                .isInstanceOf(
                        expected == Verdict.NOT_CREATED ? SubmitOutcome.NotCreated.class : SubmitOutcome.Unknown.class);
        ProviderError carried = outcome instanceof SubmitOutcome.NotCreated refused
                ? refused.error()
                : ((SubmitOutcome.Unknown) outcome).error();
        assertThat(carried).isSameAs(error);
    }

    @Test
    void aRefusalCarriesTheProvidersWait() {
        ProviderError limited = new ProviderError(ErrorKind.RATE_LIMITED, true, Duration.ofSeconds(7), "429", "slow");

        SubmitOutcome outcome = PLAIN.judge(SENT, 429, limited);

        assertThat(outcome).isEqualTo(new SubmitOutcome.NotCreated(limited, Duration.ofSeconds(7)));
    }

    @Test
    void anExceptionSaysHowFarTheCallGot() {
        ProviderError fault = error(ErrorKind.PROVIDER_FAULT, null);

        assertThat(PLAIN.judge(fault.toException())).isInstanceOf(SubmitOutcome.Unknown.class);
        assertThat(PLAIN.judge(new NotSentException(fault))).isInstanceOf(SubmitOutcome.NotCreated.class);
        assertThat(PLAIN.judge(error(ErrorKind.INVALID_INPUT, "400").toException(400)))
                .isInstanceOf(SubmitOutcome.NotCreated.class);
        assertThat(PLAIN.judge(error(ErrorKind.PROVIDER_FAULT, "500").toException(500)))
                .isInstanceOf(SubmitOutcome.Unknown.class);
    }

    @Test
    void onlyAProgrammingErrorFailsTheOutcome() {
        TaskHandle task = new TaskHandle(ProviderNames.HITEM3D, "generate", "t-1");

        assertThat(PLAIN.outcome(Uni.createFrom().item(task)).await().indefinitely())
                .isEqualTo(new SubmitOutcome.Created(task));
        assertThat(PLAIN.outcome(Uni.createFrom()
                                .failure(error(ErrorKind.TIMED_OUT, null).toException()))
                        .await()
                        .indefinitely())
                .isInstanceOf(SubmitOutcome.Unknown.class);
        assertThatThrownBy(() -> PLAIN.outcome(Uni.createFrom().<TaskHandle>failure(new IllegalStateException("bug")))
                        .await()
                        .indefinitely())
                .isInstanceOf(IllegalStateException.class);
    }
}
