package dev.kiln.api.stream;

/** A job's current version and whether it has ended: where a stream of its events starts. */
record JobHead(long version, boolean terminal) {}
