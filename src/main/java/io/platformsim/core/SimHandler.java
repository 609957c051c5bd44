package io.platformsim.core;

/** Handles one matched request of a simulator. */
@FunctionalInterface
public interface SimHandler {

    SimResponse handle(SimRequest request) throws Exception;
}
