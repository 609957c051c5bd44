package io.synchub.api;

/**
 * An error a client or operator sees as {@code {"error": code, "message": message}} with an HTTP status.
 * The message says what to do next.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " does not exist");
    }

    public static ApiException unprocessable(String message) {
        return new ApiException(422, "invalid", message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message);
    }
}
