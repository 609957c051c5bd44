package io.synchub.mapping;

/**
 * A mapping file that does not compile (or cannot be read): the work that needs it waits until the file is fixed,
 * it does not fail. Carries no stack trace: the cause is the file, named in the message, logged once by
 * {@link JsonataMappings}.
 */
public class MappingUnavailableException extends RuntimeException {

    private final String mapping;

    public MappingUnavailableException(String mapping, String message) {
        super(message, null, false, false);
        this.mapping = mapping;
    }

    public String mapping() {
        return mapping;
    }
}
