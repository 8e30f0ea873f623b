package io.schemaguard.bench;

import javax.net.SocketFactory;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDBC driver's socket factory ({@code socketFactory=} in the URL) for the benchmark: counts the
 * driver's flushes, one per message sent to the server and awaited, i.e. one per round trip. The
 * driver instantiates the factory by its class name, hence the process-wide counter.
 */
public final class CountingSocketFactory extends SocketFactory {
    private static final AtomicLong FLUSHES = new AtomicLong();

    /** The round trips of every connection made through this factory since the last call. */
    public static long takeCount() {
        return FLUSHES.getAndSet(0);
    }

    @Override
    public Socket createSocket() {
        return new CountingSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket socket = new CountingSocket();
        socket.connect(new java.net.InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
        return createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return createSocket(host.getHostAddress(), port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
        return createSocket(host.getHostAddress(), port);
    }

    private static final class CountingSocket extends Socket {
        @Override
        public OutputStream getOutputStream() throws IOException {
            return new FilterOutputStream(super.getOutputStream()) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    FLUSHES.incrementAndGet();
                    out.flush();
                }
            };
        }
    }
}
