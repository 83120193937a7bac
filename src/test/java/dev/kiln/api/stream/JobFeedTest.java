package dev.kiln.api.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hub's side of one followed job: only waiting streams are handed events, and none is lost between the two. */
class JobFeedTest {

    private static StoredEvent event(long sequence) {
        return new StoredEvent("job-1", sequence, "job.queued", "{}", false);
    }

    @Test
    void aWaitingStreamIsHandedTheNextEventsOnceAndThenForgotten() {
        JobFeed feed = new JobFeed("job-1", 2);
        List<List<StoredEvent>> delivered = new ArrayList<>();

        assertThat(feed.await(2, delivered::add)).isTrue();
        feed.publish(List.of(event(3)));
        feed.publish(List.of(event(4)));

        assertThat(delivered).containsExactly(List.of(event(3)));
        assertThat(feed.latest()).isEqualTo(4);
    }

    @Test
    void aStreamBehindTheHubDoesNotWaitButReadsForItself() {
        JobFeed feed = new JobFeed("job-1", 2);
        feed.publish(List.of(event(3), event(4)));
        List<List<StoredEvent>> delivered = new ArrayList<>();

        // A slow client's stream was busy writing while 3 and 4 came: the hub kept nothing for it.
        assertThat(feed.await(2, delivered::add)).isFalse();
        feed.publish(List.of(event(5)));

        assertThat(delivered).isEmpty();
    }

    @Test
    void aForgottenWaiterIsHandedNothing() {
        JobFeed feed = new JobFeed("job-1", 1);
        List<List<StoredEvent>> delivered = new ArrayList<>();
        JobFeed.Waiter waiter = delivered::add;

        feed.await(1, waiter);
        feed.forget(waiter);
        feed.publish(List.of(event(2)));

        assertThat(delivered).isEmpty();
    }

    @Test
    void theLastFollowerToLeaveSaysSo() {
        JobFeed feed = new JobFeed("job-1", 1);
        feed.join();
        feed.join();

        assertThat(feed.leave()).isFalse();
        assertThat(feed.leave()).isTrue();
    }
}
