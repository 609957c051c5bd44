package io.platformsim.ploomes;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of OData v4 the Ploomes product list understands here: {@code $filter} clauses joined by {@code and}
 * ({@code LastUpdateDate gt|ge <timestamp>}, {@code [not] startswith(Code,'…')}, {@code Id in (…)}, {@code Id eq|gt n},
 * {@code Code eq '…'}, {@code CreatorId eq n}) and {@code $orderby} of {@code Id} or {@code LastUpdateDate}. Anything
 * else is refused (IllegalArgumentException → 400), so a client relying on an unsupported clause finds out.
 */
final class ODataQuery {

    private static final Pattern DATE = Pattern.compile("(?i)LastUpdateDate\\s+(gt|ge)\\s+'?([0-9T:.\\-+Z]+)'?");
    private static final Pattern STARTS = Pattern.compile("(?i)(not\\s+)?startswith\\(\\s*Code\\s*,\\s*'([^']*)'\\s*\\)");
    private static final Pattern ID_IN = Pattern.compile("(?i)Id\\s+in\\s+\\(([0-9,\\s]*)\\)");
    private static final Pattern ID_EQ = Pattern.compile("(?i)Id\\s+eq\\s+([0-9]+)");
    private static final Pattern ID_GT = Pattern.compile("(?i)Id\\s+gt\\s+([0-9]+)");
    private static final Pattern CODE_EQ = Pattern.compile("(?i)Code\\s+eq\\s+'([^']*)'");
    private static final Pattern CREATOR_EQ = Pattern.compile("(?i)CreatorId\\s+eq\\s+([0-9]+)");

    private ODataQuery() {
    }

    static Predicate<PloomesProduct> filter(String filter, ZoneId zone) {
        Predicate<PloomesProduct> all = p -> true;
        if (filter == null || filter.isBlank()) {
            return all;
        }
        for (String clause : filter.trim().split("(?i)\\s+and\\s+")) {
            all = all.and(clause(clause.trim(), zone));
        }
        return all;
    }

    private static Predicate<PloomesProduct> clause(String c, ZoneId zone) {
        Matcher m;
        if ((m = DATE.matcher(c)).matches()) {
            Instant at = instant(m.group(2), zone);
            boolean inclusive = m.group(1).equalsIgnoreCase("ge");
            return p -> inclusive ? !p.lastUpdateDate.isBefore(at) : p.lastUpdateDate.isAfter(at);
        }
        if ((m = STARTS.matcher(c)).matches()) {
            String prefix = m.group(2);
            boolean negated = m.group(1) != null;
            return p -> p.code.startsWith(prefix) != negated;
        }
        if ((m = ID_IN.matcher(c)).matches()) {
            Set<Long> ids = new HashSet<>();
            Arrays.stream(m.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Long::parseLong).forEach(ids::add);
            return p -> ids.contains(p.id);
        }
        if ((m = ID_EQ.matcher(c)).matches()) {
            long id = Long.parseLong(m.group(1));
            return p -> p.id == id;
        }
        if ((m = ID_GT.matcher(c)).matches()) {
            long id = Long.parseLong(m.group(1));
            return p -> p.id > id;
        }
        if ((m = CODE_EQ.matcher(c)).matches()) {
            String code = m.group(1);
            return p -> p.code.equals(code);
        }
        if ((m = CREATOR_EQ.matcher(c)).matches()) {
            long creator = Long.parseLong(m.group(1));
            return p -> p.creatorId == creator;
        }
        throw new IllegalArgumentException("The query specified in the URI is not valid: unsupported $filter clause '" + c + "'");
    }

    /** Ploomes timestamps carry no offset: a bare one is local time of the account's zone. */
    static Instant instant(String text, ZoneId zone) {
        try {
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return OffsetDateTime.parse(text).toInstant();
            }
            return LocalDateTime.parse(text).atZone(zone).toInstant();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The query specified in the URI is not valid: '" + text + "' is not a date");
        }
    }

    static Comparator<PloomesProduct> order(String orderBy) {
        if (orderBy == null || orderBy.isBlank()) {
            return Comparator.comparingLong(p -> p.id);
        }
        String[] parts = orderBy.trim().split("\\s+");
        boolean desc = parts.length > 1 && parts[1].equalsIgnoreCase("desc");
        Comparator<PloomesProduct> c = switch (parts[0].toLowerCase(Locale.ROOT)) {
            case "id" -> Comparator.comparingLong(p -> p.id);
            case "lastupdatedate" -> Comparator.<PloomesProduct, Instant>comparing(p -> p.lastUpdateDate).thenComparingLong(p -> p.id);
            case "code" -> Comparator.comparing(p -> p.code);
            default -> throw new IllegalArgumentException("The query specified in the URI is not valid: cannot order by '" + parts[0] + "'");
        };
        return desc ? c.reversed() : c;
    }
}
