package io.synchub.bench;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a figure meets its target as the benchmarks write it: clauses joined by "and", each a comparison with a number,
 * e.g. "< 500", ">= 5000/s and >= 60% of no-op", "<= 105% of floor". A percentage is taken of the figure's measured
 * limit when it has one, else compared with the value itself (a figure in %). Text after the number is explanation.
 */
final class TargetCheck {

    enum Verdict { MET, MISSED, NOT_MEASURED, NO_TARGET }

    private static final Pattern CLAUSE = Pattern.compile("^\\s*(>=|<=|<|>)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(%?)");

    private TargetCheck() {
    }

    static Verdict verdict(Double value, String target, Double limit) {
        if (target == null || target.isBlank()) {
            return Verdict.NO_TARGET;
        }
        if (!CLAUSE.matcher(target).find()) {
            return Verdict.NO_TARGET; // a description such as "informational", no comparison to check
        }
        if (value == null || value.isNaN()) {
            return Verdict.NOT_MEASURED;
        }
        for (String clause : target.split("\\band\\b")) {
            Matcher m = CLAUSE.matcher(clause);
            if (!m.find()) {
                throw new IllegalArgumentException("cannot read the target '" + target + "'; write it as '<op> number[%] [text]'");
            }
            double bound = Double.parseDouble(m.group(2));
            if (!m.group(3).isEmpty() && limit != null && clause.toLowerCase(Locale.ROOT).contains(" of ")) {
                bound = bound / 100.0 * limit;
            }
            boolean ok = switch (m.group(1)) {
                case ">=" -> value >= bound;
                case "<=" -> value <= bound;
                case "<" -> value < bound;
                default -> value > bound;
            };
            if (!ok) {
                return Verdict.MISSED;
            }
        }
        return Verdict.MET;
    }
}
