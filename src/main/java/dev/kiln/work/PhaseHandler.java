package dev.kiln.work;

/**
 * The handler of one phase's work items, as a CDI bean: the application starts one {@link WorkWorker} per
 * phase handler it finds, woken by {@link WorkPhase#channel()} and by the extra channels named here.
 */
public interface PhaseHandler extends WorkHandler {

    /** The phase whose items this handles. */
    WorkPhase phase();

    /** More NOTIFY channels that mean items of this phase may be ready (e.g. a freed budget slot). */
    default java.util.List<String> wakeChannels() {
        return java.util.List.of();
    }
}
