package io.synchub.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A hand-written HTTP/1.1 request over a plain socket: for what well-behaved clients never send. */
final class RawHttp implements AutoCloseable {

    final Socket socket;
    final OutputStream out;

    RawHttp(int port) throws IOException {
        socket = new Socket("localhost", port);
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
    }

    RawHttp send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The status code of the answer (reads the status line only). */
    int status() throws IOException {
        String line = statusLine();
        return Integer.parseInt(line.split(" ")[1]);
    }

    String statusLine() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            line.write(c);
        }
        return line.toString(StandardCharsets.ISO_8859_1).trim();
    }

    /** Everything the server sends until it closes the connection or goes quiet for a second. */
    String answer() throws IOException {
        socket.setSoTimeout(1000);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = socket.getInputStream().read(buf)) != -1) {
                all.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // keep-alive connection: the answer is complete
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
