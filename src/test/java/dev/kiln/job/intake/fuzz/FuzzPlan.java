package dev.kiln.job.intake.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * The seed of one fuzzed record: a random source and how many mutations to apply to a valid request. jqwik
 * shrinks a failing plan towards fewer mutations, which makes the failing record smaller.
 *
 * @param seed drives every random choice in {@link FuzzRecords#make}
 * @param mutations edits applied to the valid request the seed starts from
 */
public record FuzzPlan(long seed, int mutations) {

    public static final int MAX_MUTATIONS = 6;

    public static Arbitrary<FuzzPlan> plans() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(0, MAX_MUTATIONS))
                .as(FuzzPlan::new);
    }
}
