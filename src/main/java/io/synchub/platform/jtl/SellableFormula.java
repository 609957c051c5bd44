package io.synchub.platform.jtl;

import java.math.BigDecimal;

/**
 * How much of a JTL warehouse's stock the shops may sell: the one configurable decision
 * ({@code synchub.jtl.sellable-formula} / {@code JTL_SELLABLE_FORMULA}). The FFN spec calls stockLevel
 * "available for shipment", while third-party clients subtract reservations and blocks; the default subtracts them,
 * which can undersell but never oversells.
 */
public enum SellableFormula {
    /** stockLevel - stockLevelReserved - stockLevelBlocked (default). */
    LEVEL_MINUS_RESERVED_BLOCKED,
    /** stockLevel as the FFN reports it. */
    LEVEL;

    public static SellableFormula of(String text) {
        return switch (text == null ? "" : text.trim().toLowerCase()) {
            case "", "level-minus-reserved-blocked" -> LEVEL_MINUS_RESERVED_BLOCKED;
            case "level" -> LEVEL;
            default -> throw new IllegalArgumentException("JTL_SELLABLE_FORMULA '" + text
                    + "' is unknown; use level-minus-reserved-blocked or level");
        };
    }

    public BigDecimal sellable(BigDecimal level, BigDecimal reserved, BigDecimal blocked) {
        return this == LEVEL ? level : level.subtract(reserved).subtract(blocked);
    }
}
