package io.synchub.canonical;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads an instant in the form the hub writes them ({@link Instant#toString()}: {@code 2026-12-02T11:30:00.123456Z},
 * the fraction optional) without {@code DateTimeFormatter}, which cost the inbox drain about 6 % of its time
 * reading the field clocks of every stored product back. Any other form (an offset, a lower-case letter, out-of-range
 * digits) is left to {@link Instant#parse}, so the answers and the refusals are {@code Instant.parse}'s.
 */
public final class UtcInstantText {

    private UtcInstantText() {
    }

    public static Instant parse(CharSequence text) {
        Instant fast = fast(text);
        return fast != null ? fast : Instant.parse(text);
    }

    private static Instant fast(CharSequence s) {
        int n = s.length();
        // yyyy-MM-ddTHH:mm:ssZ at least (Instant.parse wants the seconds)
        if (n < 20 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        int nanos = 0;
        if (n > 20) {
            int fractionDigits = n - 21;
            if (s.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            int fraction = digits(s, 20, n - 1);
            if (fraction < 0) {
                return null;
            }
            for (int i = fractionDigits; i < 9; i++) {
                fraction *= 10;
            }
            nanos = fraction;
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal value of {@code s[from, to)}, or -1 when one of them is not an ASCII digit. */
    private static int digits(CharSequence s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
