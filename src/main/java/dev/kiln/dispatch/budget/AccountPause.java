package dev.kiln.dispatch.budget;

import java.time.Instant;

/** An account that takes no new slots before {@code until}, and why (a provider's Retry-After, say). */
public record AccountPause(Instant until, String reason) {}
