package dev.tidings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small SMTP server for fault tests. It counts accepted messages by Message-ID (bodies are
 * discarded, so it can take tens of thousands) and misbehaves by recipient:
 *
 * <ul>
 *   <li>{@code hard…@}: 550 at RCPT, always;
 *   <li>{@code soft…@}: 451 at RCPT for the first two tries of that address;
 *   <li>{@code drop…@}: on the first try, reads the message and closes the connection without a
 *       reply (the message is not counted as accepted);
 *   <li>{@code bye…@}: on the first try, 421 at RCPT and closes the connection;
 *   <li>{@code slow…@}: answers the message after 300 ms;
 *   <li>{@code sluggish…@}: answers the message after {@link #sluggishReplies} (8 s), every time: a
 *       relay busy delivering, within the 10 minutes RFC 5321 gives it;
 *   <li>{@code stall…@}: on the first try, never answers the message (the client times out) and
 *       does not keep it;
 *   <li>{@code late…@}: on the first try, reads the message and refuses it with 451 (a refusal
 *       after the DATA section, in the middle of a pipelined group).
 * </ul>
 *
 * {@link #throttleFor} makes every RCPT answer 454 for a while, like a relay that throttles; {@link
 * #refuse} makes it refuse one stage for everyone, like a relay that refuses us (a sender it does
 * not own, a client it does not relay for, content it rejects, an EHLO name or a login).
 */
public final class FaultySmtpServer implements AutoCloseable {
  private final ServerSocket server;
  private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();
  private final AtomicInteger deferrals = new AtomicInteger();
  private final AtomicInteger pipelinedMails = new AtomicInteger();
  private final AtomicInteger commandsBehindData = new AtomicInteger();
  private final AtomicLong throttledUntil =
      new AtomicLong(System.nanoTime()); // nanoTime: elapsed, not a date
  private final Thread acceptor;
  private final Map<String, AtomicInteger> transferEncodings = new ConcurrentHashMap<>();
  private final boolean eightBitMime;
  private final boolean pipelining;
  private volatile boolean open = true;
  private final Map<Stage, String> refusals = new ConcurrentHashMap<>();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger sessions = new AtomicInteger();
  private volatile int idleMillis;
  private volatile int sluggishMillis = 8000;
  private final AtomicInteger idleDrops = new AtomicInteger();

  /** Where {@link #refuse} answers every client alike. */
  public enum Stage {
    EHLO,
    AUTH,
    MAIL,
    RCPT,
    CONTENT
  }

  /** A server that offers 8BITMIME and PIPELINING, as most do. */
  public FaultySmtpServer() throws IOException {
    this(true, true);
  }

  /**
   * A server that offers 8BITMIME and PIPELINING (RFC 2920: it reads commands line by line, so
   * pipelined ones simply queue up) in its EHLO reply or not.
   */
  public FaultySmtpServer(boolean eightBitMime, boolean pipelining) throws IOException {
    this.eightBitMime = eightBitMime;
    this.pipelining = pipelining;
    server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::acceptLoop, "faulty-smtp");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /**
   * Answers {@code reply} at {@code stage} to everyone from now on; null takes it back. With AUTH,
   * the server offers AUTH PLAIN and LOGIN and refuses every login.
   */
  public void refuse(Stage stage, String reply) {
    if (reply == null) {
      refusals.remove(stage);
    } else {
      refusals.put(stage, reply);
    }
  }

  /**
   * Ends a session idle for {@code millis} with "421 4.4.2 timeout", as Postfix and GreenMail do
   * (0: never). Applies to sessions opened from now on.
   */
  public void dropIdleAfter(int millis) {
    idleMillis = millis;
  }

  /** Sessions ended for being idle. */
  public int idleDrops() {
    return idleDrops.get();
  }

  /** How long a {@code sluggish…@} message waits for its reply. */
  public void sluggishReplies(int millis) {
    sluggishMillis = millis;
  }

  /** SMTP sessions opened to this server so far. */
  public int sessionCount() {
    return sessions.get();
  }

  /** Replies given by {@link #refuse}. */
  public int refusedCount() {
    return refused.get();
  }

  private String refusal(Stage stage) {
    String reply = refusals.get(stage);
    if (reply != null) {
      refused.incrementAndGet();
    }
    return reply;
  }

  /** Answers 454 to every recipient for the next {@code millis}. */
  public void throttleFor(long millis) {
    throttledUntil.set(System.nanoTime() + millis * 1_000_000);
  }

  /** How often each Message-ID was accepted (250 after DATA). */
  public Map<String, AtomicInteger> accepted() {
    return accepted;
  }

  /** MAIL commands that arrived with the next command right behind them (pipelined). */
  public int pipelinedMails() {
    return pipelinedMails.get();
  }

  /**
   * DATA sections with the next command right behind their closing dot (the client pipelined the
   * next message's commands behind the section).
   */
  public int commandsBehindData() {
    return commandsBehindData.get();
  }

  /** Messages accepted in all. */
  public int acceptedCount() {
    return accepted.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** 4xx replies given to recipients while throttling or soft-failing. */
  public int deferrals() {
    return deferrals.get();
  }

  private void acceptLoop() {
    while (open) {
      try {
        Socket socket = server.accept();
        sessions.incrementAndGet();
        Thread session = new Thread(() -> session(socket), "faulty-smtp-session");
        session.setDaemon(true);
        session.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void session(Socket socket) {
    try (socket;
        OutputStream raw = socket.getOutputStream()) {
      try {
        converse(socket);
      } catch (java.net.SocketTimeoutException e) {
        idleDrops.incrementAndGet();
        raw.write(
            "421 4.4.2 faulty.test Error: timeout exceeded\r\n"
                .getBytes(StandardCharsets.US_ASCII));
      }
    } catch (IOException e) {
      // The client went away; nothing to clean up.
    }
  }

  /** One SMTP conversation; the caller closes the socket. */
  private void converse(Socket socket) throws IOException {
    {
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      OutputStream out = new java.io.BufferedOutputStream(socket.getOutputStream());
      try {
        converse(socket, in, out);
      } finally {
        try {
          out.flush();
        } catch (IOException gone) {
          // The client went away.
        }
      }
    }
  }

  private void converse(Socket socket, BufferedReader in, OutputStream out) throws IOException {
    {
      socket.setSoTimeout(idleMillis);
      reply(out, "220 faulty.test ESMTP");
      String recipient = null;
      boolean mailRefused = false;
      String line;
      // Replies to pipelined commands go out together, when no more input is waiting (RFC 2920
      // 3.2): flushed one by one, Nagle's algorithm and the client's delayed ACK hold each for
      // about 40 ms.
      while (flushUnlessMoreInput(in, out) && (line = in.readLine()) != null) {
        String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line;
        switch (command) {
          case "EHLO":
          case "HELO":
            if (refusals.containsKey(Stage.EHLO)) {
              reply(out, refusal(Stage.EHLO));
              break;
            }
            if (command.equals("HELO")) {
              reply(out, "250 faulty.test");
              break;
            }
            reply(
                out,
                "250-faulty.test\r\n"
                    + (eightBitMime ? "250-8BITMIME\r\n" : "")
                    + (pipelining ? "250-PIPELINING\r\n" : "")
                    + (refusals.containsKey(Stage.AUTH) ? "250-AUTH PLAIN LOGIN\r\n" : "")
                    + "250 SIZE 100000000");
            break;
          case "AUTH":
            reply(
                out, refusals.containsKey(Stage.AUTH) ? refusal(Stage.AUTH) : "503 5.5.1 no AUTH");
            break;
          case "NOOP":
            reply(out, "250 ok");
            break;
          case "RSET":
            recipient = null;
            reply(out, "250 ok");
            break;
          case "MAIL":
            recipient = null;
            if (in.ready()) {
              // The client sent what follows MAIL before its reply (which is not flushed yet).
              pipelinedMails.incrementAndGet();
            }
            String mailRefusal = refusal(Stage.MAIL);
            reply(out, mailRefusal != null ? mailRefusal : "250 2.1.0 ok");
            mailRefused = mailRefusal != null;
            break;
          case "RCPT":
            recipient = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
            int attempt =
                tries.computeIfAbsent(recipient, key -> new AtomicInteger()).incrementAndGet();
            String rcptRefusal = mailRefused ? null : refusal(Stage.RCPT);
            if (mailRefused) {
              reply(out, "503 5.5.1 sender not yet given");
              recipient = null;
            } else if (rcptRefusal != null) {
              reply(out, rcptRefusal.replace("{}", recipient));
              recipient = null;
            } else if (System.nanoTime() - throttledUntil.get() < 0) {
              deferrals.incrementAndGet();
              reply(out, "454 4.7.1 Throttled: slow down");
              recipient = null;
            } else if (recipient.startsWith("hard")) {
              reply(out, "550 5.1.1 <" + recipient + ">: no such user");
              recipient = null;
            } else if (recipient.startsWith("soft") && attempt <= 2) {
              deferrals.incrementAndGet();
              reply(out, "451 4.3.0 mailbox busy, try again later");
              recipient = null;
            } else if (recipient.startsWith("bye") && attempt == 1) {
              reply(out, "421 4.7.0 too busy, closing connection");
              return;
            } else {
              reply(out, "250 2.1.5 ok");
            }
            break;
          case "DATA":
            if (recipient == null) {
              reply(out, "503 5.5.1 no valid recipients");
              break;
            }
            reply(out, "354 go ahead");
            out.flush();
            String messageId = readMessage(in);
            if (in.ready()) {
              commandsBehindData.incrementAndGet();
            }
            String contentRefusal = refusal(Stage.CONTENT);
            if (contentRefusal != null) {
              reply(out, contentRefusal);
              recipient = null;
              break;
            }
            if (recipient.startsWith("drop") && tries.get(recipient).get() == 1) {
              return;
            }
            if (recipient.startsWith("stall") && tries.get(recipient).get() == 1) {
              sleep(5000);
              return;
            }
            if (recipient.startsWith("late") && tries.get(recipient).get() == 1) {
              deferrals.incrementAndGet();
              reply(out, "451 4.3.0 message not queued, try again later");
              recipient = null;
              break;
            }
            if (recipient.startsWith("slow")) {
              sleep(300);
            }
            if (recipient.startsWith("sluggish")) {
              out.flush();
              sleep(sluggishMillis);
            }
            accepted.computeIfAbsent(messageId, key -> new AtomicInteger()).incrementAndGet();
            reply(out, "250 2.0.0 Ok: queued as " + Math.abs(messageId.hashCode()));
            recipient = null;
            break;
          case "QUIT":
            reply(out, "221 bye");
            return;
          default:
            reply(out, "502 5.5.2 unknown command");
        }
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** How often each Content-Transfer-Encoding value was seen in accepted mail. */
  public Map<String, AtomicInteger> transferEncodings() {
    return transferEncodings;
  }

  private String readMessage(BufferedReader in) throws IOException {
    String messageId = "(none)";
    String line;
    while ((line = in.readLine()) != null && !line.equals(".")) {
      if (line.regionMatches(true, 0, "Content-Transfer-Encoding:", 0, 26)) {
        transferEncodings
            .computeIfAbsent(line.substring(26).trim().toLowerCase(), key -> new AtomicInteger())
            .incrementAndGet();
      }
      if (messageId.equals("(none)") && line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
        messageId = line.substring(11).trim();
      }
    }
    return messageId;
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
  }

  private static boolean flushUnlessMoreInput(BufferedReader in, OutputStream out)
      throws IOException {
    if (!in.ready()) {
      out.flush();
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    open = false;
    server.close();
  }
}
