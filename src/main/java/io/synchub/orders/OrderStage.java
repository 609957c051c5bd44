package io.synchub.orders;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The shops' stages (the {@code ecommerce} workflow of {@code mappings/order-workflows.yaml}, which decides the moves
 * an operator may make). Kept here for what only the shops need: how far a shop's own update may jump forward.
 * Where an order is in its life, and where it may go from there. The main path is
 * pending → confirmed → processing → shipped → delivered; an order can be cancelled until it is shipped and
 * returned once it is shipped. Cancelled and returned are final.
 */
public enum OrderStage {
    PENDING, CONFIRMED, PROCESSING, SHIPPED, DELIVERED, CANCELLED, RETURNED;

    private static final List<OrderStage> MAIN_PATH = List.of(PENDING, CONFIRMED, PROCESSING, SHIPPED, DELIVERED);

    public Set<OrderStage> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(CONFIRMED, PROCESSING, CANCELLED);
            case CONFIRMED -> EnumSet.of(PROCESSING, CANCELLED);
            case PROCESSING -> EnumSet.of(SHIPPED, CANCELLED);
            case SHIPPED -> EnumSet.of(DELIVERED, RETURNED);
            case DELIVERED -> EnumSet.of(RETURNED);
            case CANCELLED, RETURNED -> EnumSet.noneOf(OrderStage.class);
        };
    }

    public boolean canMoveTo(OrderStage target) {
        return next().contains(target);
    }

    /**
     * Whether an update from the order's own platform may move it here: any allowed step, or a jump forward along
     * the main path (a shop reports "fulfilled" for an order the hub still has as pending). Never backwards.
     */
    public boolean platformMayMoveTo(OrderStage target) {
        if (canMoveTo(target)) {
            return true;
        }
        int from = MAIN_PATH.indexOf(this);
        int to = MAIN_PATH.indexOf(target);
        if (from >= 0 && to > from) {
            return true;
        }
        return target == CANCELLED && from >= 0 && from < MAIN_PATH.indexOf(SHIPPED);
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OrderStage fromWire(String wire) {
        for (OrderStage s : values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        return null;
    }

    public static String allWire() {
        return String.join(", ", java.util.Arrays.stream(values()).map(OrderStage::wire).toList());
    }
}
