package io.synchub.pos;

import io.vertx.core.http.HttpClosedException;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Registers drop their connection all the time (sleep, network changes); that is no warning. Anything else the
 * POS WebSocket consumer meets is logged as a warning. Used as {@code exceptionHandler=#posClientDisconnects}.
 */
@Component("posClientDisconnects")
public class ClientDisconnects implements ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ClientDisconnects.class);

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        if (exception instanceof HttpClosedException || exception instanceof java.io.IOException) {
            LOG.debug("POS WebSocket client went away: {}", exception.toString());
        } else {
            LOG.warn("POS WebSocket: {}", message == null ? exception.toString() : message, exception);
        }
    }
}
