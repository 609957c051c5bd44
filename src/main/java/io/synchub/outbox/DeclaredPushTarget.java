package io.synchub.outbox;

/**
 * A push target that a platform package declares beside the built-in shops and JTL (the admin panel, for one): its
 * outbox jobs are dispatched by its own dispatcher route while it is configured, and retried and dead-lettered like
 * every other job. It receives no product pushes unless the ownership rules give it a push rule.
 */
public interface DeclaredPushTarget {

    /** The outbox target name (the platform's origin). */
    String target();

    /** Whether the platform is configured, so its jobs are planned and dispatched. */
    boolean enabled();
}
