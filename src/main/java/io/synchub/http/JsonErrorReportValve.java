package io.synchub.http;

import io.synchub.api.ErrorBody;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import java.io.IOException;
import java.io.Writer;

/**
 * Errors Tomcat answers before any filter or route runs (an encoded slash in the path, oversized headers, a
 * malformed request line) get the same JSON error as everything else instead of Tomcat's HTML page.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String body = switch (status) {
            case 400 -> ErrorBody.json("bad_request", "the request could not be read (malformed path, headers or body)");
            case 404 -> ErrorBody.json("not_found", "no endpoint at this path; the API is described at /api/v1/openapi.json");
            case 413 -> ErrorBody.json("payload_too_large", "the request is too large");
            case 431 -> ErrorBody.json("headers_too_large", "the request headers are too large");
            default -> ErrorBody.json(status >= 500 ? "internal_error" : "error", "the request failed with HTTP " + status);
        };
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone; nothing left to answer
        }
    }
}
