package dev.kiln.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.provider.ListedTask;
import dev.kiln.provider.TaskHandle;
import dev.kiln.provider.TaskSnapshot;
import dev.kiln.provider.TaskState;
import dev.kiln.reconcile.ListingMatch.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListingMatchTest {

    private static final Instant CALL = Instant.parse("2026-12-01T12:00:00Z");
    private static final CreateWindow OURS = new CreateWindow(CALL, CALL.plusSeconds(5));
    private static final Duration TOLERANCE = Duration.ofSeconds(2);
    private static final Duration SETTLE = Duration.ofMinutes(2);
    private static final Instant LATER = CALL.plus(Duration.ofMinutes(3));

    private static ListedTask task(String id, Instant created) {
        return new ListedTask(
                new TaskSnapshot(
                        new TaskHandle("meshy-image-to-3d", "generate", id),
                        TaskState.QUEUED,
                        "PENDING",
                        0,
                        null,
                        List.of(),
                        null,
                        null),
                created);
    }

    private static Verdict judge(List<ListedTask> listing, Set<String> known, List<CreateWindow> others, Instant now) {
        return ListingMatch.judge(OURS, listing, 50, known, others, now, TOLERANCE, SETTLE);
    }

    @Test
    void theOneUnownedTaskCreatedDuringTheCallIsOurs() {
        List<ListedTask> listing = List.of(
                task("later", CALL.plusSeconds(60)),
                task("ours", CALL.plusSeconds(3)),
                task("old", CALL.minusSeconds(60)));

        assertThat(judge(listing, Set.of(), List.of(), LATER)).isEqualTo(new Verdict.Found("ours"));
    }

    @Test
    void aTaskAnotherJobOwnsIsNotOurs() {
        List<ListedTask> listing = List.of(task("theirs", CALL.plusSeconds(3)), task("old", CALL.minusSeconds(60)));

        assertThat(judge(listing, Set.of("theirs"), List.of(), LATER)).isInstanceOf(Verdict.NeverCreated.class);
    }

    @Test
    void twoCandidatesAreNotGuessedBetween() {
        List<ListedTask> listing = List.of(task("a", CALL.plusSeconds(1)), task("b", CALL.plusSeconds(4)));

        assertThat(judge(listing, Set.of(), List.of(), LATER)).isInstanceOf(Verdict.Unresolved.class);
    }

    @Test
    void aTaskAnotherDoubtfulCallCouldHaveMadeIsNotGuessed() {
        List<ListedTask> listing = List.of(task("a", CALL.plusSeconds(3)));
        CreateWindow inFlight = new CreateWindow(CALL.plusSeconds(2), null);

        assertThat(judge(listing, Set.of(), List.of(inFlight), LATER)).isInstanceOf(Verdict.Unresolved.class);
        CreateWindow earlier = new CreateWindow(CALL.minusSeconds(30), CALL.minusSeconds(20));
        assertThat(judge(listing, Set.of(), List.of(earlier), LATER)).isEqualTo(new Verdict.Found("a"));
    }

    @Test
    void aTaskWithoutCreationTimeIsNotGuessed() {
        assertThat(judge(List.of(task("a", null)), Set.of(), List.of(), LATER)).isInstanceOf(Verdict.Unresolved.class);
    }

    @Test
    void noMatchProvesNothingUntilTheCallHasSettled() {
        assertThat(judge(List.of(), Set.of(), List.of(), CALL.plusSeconds(30))).isInstanceOf(Verdict.Unresolved.class);
        assertThat(judge(List.of(), Set.of(), List.of(), LATER)).isInstanceOf(Verdict.NeverCreated.class);
    }

    @Test
    void aFullListingThatDoesNotReachBackToTheCallProvesNothing() {
        List<ListedTask> newer = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            newer.add(task("n" + i, CALL.plusSeconds(60 + i)));
        }
        assertThat(judge(newer, Set.of(), List.of(), LATER)).isInstanceOf(Verdict.Unresolved.class);

        newer.set(49, task("old", CALL.minusSeconds(60)));
        assertThat(judge(newer, Set.of(), List.of(), LATER)).isInstanceOf(Verdict.NeverCreated.class);
    }

    @Test
    void theProvidersClockMayBeALittleOff() {
        assertThat(judge(List.of(task("a", CALL.minusSeconds(1))), Set.of(), List.of(), LATER))
                .isEqualTo(new Verdict.Found("a"));
        assertThat(judge(
                        List.of(task("a", CALL.minusSeconds(3)), task("o", CALL.minusSeconds(90))),
                        Set.of(),
                        List.of(),
                        LATER))
                .isInstanceOf(Verdict.NeverCreated.class);
    }
}
