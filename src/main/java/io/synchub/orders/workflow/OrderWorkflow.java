package io.synchub.orders.workflow;

import java.util.List;
import java.util.Map;

/** One stage workflow: its stages (in the file's order), where an order starts, and the moves from each stage. */
public record OrderWorkflow(String name, String initial, Map<String, List<String>> moves) {

    public boolean hasStage(String stage) {
        return stage != null && moves.containsKey(stage);
    }

    public List<String> stages() {
        return List.copyOf(moves.keySet());
    }

    public List<String> next(String stage) {
        return moves.getOrDefault(stage, List.of());
    }

    public boolean canMove(String from, String to) {
        return next(from).contains(to);
    }

    /** A stage with moves out of it (not final): where listing "open" orders looks. */
    public boolean open(String stage) {
        return !next(stage).isEmpty();
    }
}
