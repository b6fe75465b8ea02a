package dev.tidings.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The sockets of the SMTP session being opened on this thread, caught as Angus makes them, so that
 * {@link SmtpConnection} can write digests straight to the socket the session runs on: the plain
 * TCP socket, and the TLS socket layered over it (implicit TLS, or after STARTTLS) when there is
 * one. Every socket gets {@code TCP_NODELAY}: a reused session writes small packets and waits for
 * the reply, and with Nagle's algorithm each would wait for the peer's delayed ACK (about 40 ms).
 *
 * <p>Use: {@link #begin} before {@code connect}, {@link #end} right after it, on the same thread.
 * The factories are shared by every session of a mailer and thread-safe.
 */
final class SessionSockets {
  private static final ThreadLocal<SessionSockets> OPENING = new ThreadLocal<>();

  /** The TCP socket; closing it ends the session at once, even under a blocked TLS write. */
  private Socket plain;

  /** The TLS socket over {@link #plain}, or null on a plaintext session. */
  private Socket tls;

  private SessionSockets() {}

  /** Starts catching the sockets this thread makes. */
  static void begin() {
    OPENING.set(new SessionSockets());
  }

  /** The sockets made on this thread since {@link #begin}; catching stops. */
  static SessionSockets end() {
    SessionSockets made = OPENING.get();
    OPENING.remove();
    return made == null ? new SessionSockets() : made;
  }

  /** The socket the session reads and writes: the TLS one when there is one; null if unknown. */
  Socket session() {
    return tls != null ? tls : plain;
  }

  /** The TCP socket under the session; null if unknown. */
  Socket tcp() {
    return plain;
  }

  private static Socket plain(Socket socket) throws IOException {
    socket.setTcpNoDelay(true);
    SessionSockets made = OPENING.get();
    if (made != null) {
      made.plain = socket;
      made.tls = null;
    }
    return socket;
  }

  private static Socket tls(Socket tcp, Socket tls) {
    SessionSockets made = OPENING.get();
    if (made != null) {
      made.plain = tcp;
      made.tls = tls;
    }
    return tls;
  }

  /** Plain sockets, as Angus asks for them before it connects (plaintext and STARTTLS). */
  static SocketFactory plainFactory() {
    return new Plain(SocketFactory.getDefault());
  }

  /**
   * TLS over a connected socket, as Angus layers it for implicit TLS and for STARTTLS, verifying
   * the relay's host name during the handshake (RFC 6125, the rules of HTTPS).
   *
   * @param trusted the factory of the trust to use: the JVM's, or a private CA's ({@link TlsTrust})
   */
  static SSLSocketFactory tlsFactory(SSLSocketFactory trusted) {
    return new Tls(trusted);
  }

  private static final class Plain extends SocketFactory {
    private final SocketFactory delegate;

    Plain(SocketFactory delegate) {
      this.delegate = delegate;
    }

    @Override
    public Socket createSocket() throws IOException {
      return plain(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return plain(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
        throws IOException {
      return plain(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return plain(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(
        InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      return plain(delegate.createSocket(address, port, localAddress, localPort));
    }
  }

  private static final class Tls extends SSLSocketFactory {
    private final SSLSocketFactory delegate;

    Tls(SSLSocketFactory delegate) {
      this.delegate = delegate;
    }

    @Override
    public Socket createSocket(Socket tcp, String host, int port, boolean autoClose)
        throws IOException {
      tcp.setTcpNoDelay(true);
      return tls(tcp, verifying(delegate.createSocket(tcp, host, port, autoClose)));
    }

    @Override
    public Socket createSocket(Socket tcp, InputStream consumed, boolean autoClose)
        throws IOException {
      tcp.setTcpNoDelay(true);
      return tls(tcp, verifying(delegate.createSocket(tcp, consumed, autoClose)));
    }

    @Override
    public Socket createSocket() throws IOException {
      return verifying(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return verifying(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
        throws IOException {
      return verifying(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return verifying(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(
        InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      return verifying(delegate.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }

    private static Socket verifying(Socket socket) {
      if (socket instanceof SSLSocket) {
        SSLSocket tls = (SSLSocket) socket;
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
      }
      return socket;
    }
  }
}
