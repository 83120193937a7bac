package dev.kiln.provider;

/**
 * One reason a request cannot be run.
 *
 * @param code specific, stable, UPPER_SNAKE (e.g. {@code OPTION_OUT_OF_RANGE}, {@code TOO_MANY_IMAGES})
 * @param field where in the request, dotted (e.g. {@code options.face}, {@code input.images[2]})
 * @param message what is wrong and what would be accepted, for a person to act on; never a secret
 */
public record Violation(String code, String field, String message) {}
