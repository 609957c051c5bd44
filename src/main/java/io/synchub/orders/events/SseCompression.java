package io.synchub.orders.events;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * gzip for the event stream when the client accepts it. Every flush (the stream flushes after each event) is a
 * gzip sync flush, so compression never holds an event back; the gzip trailer is written when the stream ends
 * (the async dispatch that completes it passes through here again).
 */
@Configuration
public class SseCompression {

    private static final String ATTRIBUTE = SseCompression.class.getName();

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> sseCompressionRegistration() {
        FilterRegistrationBean<OncePerRequestFilter> reg = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilterAsyncDispatch() {
                return false;
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (isAsyncDispatch(request)) {
                    Object gz = request.getAttribute(ATTRIBUTE);
                    try {
                        chain.doFilter(request, gz instanceof GzipResponse g ? g : response);
                    } finally {
                        if (gz instanceof GzipResponse g && !request.isAsyncStarted()) {
                            g.finish();
                        }
                    }
                    return;
                }
                String accept = request.getHeader("Accept-Encoding");
                if (!"GET".equals(request.getMethod()) || accept == null || !accept.toLowerCase().contains("gzip")) {
                    chain.doFilter(request, response);
                    return;
                }
                GzipResponse gz = new GzipResponse(response);
                request.setAttribute(ATTRIBUTE, gz);
                try {
                    chain.doFilter(request, gz);
                } finally {
                    if (!request.isAsyncStarted()) {
                        gz.finish(); // an error answered at once (400, 401, 503...)
                    }
                }
            }
        });
        reg.addUrlPatterns("/api/v1/sync/events");
        reg.setOrder(2); // after the key check
        reg.setAsyncSupported(true);
        return reg;
    }

    /** The response with a gzip body: headers set on the first write, each flush a sync flush. */
    static final class GzipResponse extends HttpServletResponseWrapper {

        private final HttpServletResponse response;
        private GZIPOutputStream gzip;
        private ServletOutputStream stream;
        private PrintWriter writer;

        GzipResponse(HttpServletResponse response) {
            super(response);
            this.response = response;
        }

        @Override
        public synchronized ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                response.setHeader("Content-Encoding", "gzip");
                response.addHeader("Vary", "Accept-Encoding");
                gzip = new GZIPOutputStream(response.getOutputStream(), 8192, true);
                GZIPOutputStream out = gzip;
                ServletOutputStream raw = response.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void flush() throws IOException {
                        out.flush();
                    }

                    @Override
                    public void close() throws IOException {
                        finish();
                    }

                    @Override
                    public boolean isReady() {
                        return raw.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        raw.setWriteListener(listener);
                    }
                };
            }
            return stream;
        }

        @Override
        public synchronized PrintWriter getWriter() throws IOException {
            if (writer == null) {
                writer = new PrintWriter(new java.io.OutputStreamWriter(getOutputStream(), StandardCharsets.UTF_8), false);
            }
            return writer;
        }

        @Override
        public void setContentLength(int len) {
            // the compressed length differs
        }

        @Override
        public void setContentLengthLong(long len) {
        }

        @Override
        public synchronized void flushBuffer() throws IOException {
            if (writer != null) {
                writer.flush();
            }
            if (gzip != null) {
                gzip.flush();
            }
            response.flushBuffer();
        }

        synchronized void finish() {
            try {
                if (writer != null) {
                    writer.flush();
                }
                if (gzip != null) {
                    gzip.finish();
                    response.getOutputStream().flush();
                }
            } catch (IOException | RuntimeException ignored) {
                // the client is gone
            }
        }
    }
}
