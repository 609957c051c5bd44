package io.synchub.orders.workflow;

import java.util.List;
import java.util.Map;

/** The workflows in force and which orders use which: the first rule matching source and tenant, else the default. */
public record OrderWorkflows(Map<String, OrderWorkflow> byName, String defaultName, List<Rule> rules) {

    /** {@code source} / {@code tenant} null: any. */
    public record Rule(String source, String tenant, String workflow) {
        boolean matches(String origin, String tenantId) {
            return (source == null || source.equals(origin)) && (tenant == null || tenant.equals(tenantId));
        }
    }

    public OrderWorkflow named(String name) {
        return byName.get(name);
    }

    /** The workflow of an order without an explicit one. */
    public OrderWorkflow forOrder(String origin, String tenantId) {
        for (Rule r : rules) {
            if (r.matches(origin, tenantId)) {
                return byName.get(r.workflow());
            }
        }
        return byName.get(defaultName);
    }

    /** An order's workflow by the name it was stored with; a workflow no longer in the file falls back to the default. */
    public OrderWorkflow stored(String name) {
        OrderWorkflow w = byName.get(name);
        return w != null ? w : byName.get(defaultName);
    }
}
