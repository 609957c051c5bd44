package io.synchub.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Errors Spring answers itself (unknown path, wrong method) in the same JSON shape as the rest of the API. */
@RestController
public class JsonErrorController implements ErrorController {

    @RequestMapping("/error")
    public ResponseEntity<String> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String body = switch (status) {
            case 404 -> ErrorBody.json("not_found", "no endpoint at " + path + "; the API is described at /api/v1/openapi.json");
            case 405 -> ErrorBody.json("method_not_allowed", "this endpoint does not take that HTTP method");
            case 413 -> ErrorBody.json("payload_too_large", "the request body is too large");
            case 400 -> ErrorBody.json("bad_request", "the request could not be read");
            default -> ErrorBody.json(status >= 500 ? "internal_error" : "error", "the request failed with HTTP " + status);
        };
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
