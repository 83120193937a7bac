package dev.kiln.api.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * One followed job on this replica: how far the hub has read its events, and the streams waiting for the next
 * ones. Only the hub moves {@link #latest}; a stream waits only when it has sent everything up to it, so every
 * event the hub reads next is one each waiting stream still needs (no wake-up is lost between the two).
 */
final class JobFeed {

    /** A stream waiting for events; told on the hub's thread, at most once per wait. */
    interface Waiter {
        void deliver(List<StoredEvent> events);
    }

    final String jobId;
    private long latest;
    private int followers;
    private final List<Waiter> waiters = new ArrayList<>();

    /** @param latest the job's version when its first follower came: the hub reads the events after it */
    JobFeed(String jobId, long latest) {
        this.jobId = jobId;
        this.latest = latest;
    }

    synchronized long latest() {
        return latest;
    }

    /**
     * Waits for the events after {@code sent}: false (and no wait) when the hub has read some already, which the
     * caller then reads itself.
     */
    synchronized boolean await(long sent, Waiter waiter) {
        if (latest > sent) {
            return false;
        }
        waiters.add(waiter);
        return true;
    }

    synchronized void forget(Waiter waiter) {
        waiters.remove(waiter);
    }

    /** The hub read {@code events} (after {@link #latest}, in order, not empty): hands them to every waiter. */
    void publish(List<StoredEvent> events) {
        List<Waiter> woken;
        synchronized (this) {
            latest = Math.max(latest, events.get(events.size() - 1).sequence());
            woken = new ArrayList<>(waiters);
            waiters.clear();
        }
        woken.forEach(waiter -> waiter.deliver(events));
    }

    synchronized void join() {
        followers++;
    }

    /** @return whether this was the last follower */
    synchronized boolean leave() {
        return --followers == 0;
    }
}
