package dev.tidings.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Creates sockets with {@code TCP_NODELAY} on. A reused SMTP connection writes each command as a
 * small packet and waits for the reply; with Nagle's algorithm on, the next small write waits for
 * the peer's delayed ACK (about 40 ms on Linux loopback) and throughput collapses. Wraps any
 * factory, plain or TLS.
 *
 * <p>It also remembers, per thread, the socket it made last, so that {@link SmtpMailer} can write a
 * message's DATA straight to the socket the SMTP session runs on ({@link #takeLast}).
 */
final class NoDelaySocketFactory extends SocketFactory {
  private static final ThreadLocal<Socket> LAST = new ThreadLocal<>();
  private final SocketFactory delegate;

  NoDelaySocketFactory(SocketFactory delegate) {
    this.delegate = delegate;
  }

  @Override
  public Socket createSocket() throws IOException {
    return noDelay(delegate.createSocket());
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return noDelay(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return noDelay(delegate.createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return noDelay(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return noDelay(delegate.createSocket(address, port, localAddress, localPort));
  }

  /** The socket this thread made last through any instance, forgotten once taken. */
  static Socket takeLast() {
    Socket socket = LAST.get();
    LAST.remove();
    return socket;
  }

  private static Socket noDelay(Socket socket) throws IOException {
    socket.setTcpNoDelay(true);
    LAST.set(socket);
    return socket;
  }
}
