package io.synchub.ownership;

import java.util.Set;

/**
 * Which canonical fields a target platform receives: whole ownership groups plus single fields, and whether
 * it needs a SKU to receive anything.
 */
public record PushRule(String target, Set<String> groups, Set<String> fields, boolean requiresSku) {
}
