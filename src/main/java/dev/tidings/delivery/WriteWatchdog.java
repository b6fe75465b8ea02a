package dev.tidings.delivery;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Closes the socket of an SMTP write that runs past its timeout, so a relay that stops reading
 * cannot hang a worker (socket writes have no timeout of their own). A session registers its socket
 * once; each write only sets and clears a deadline, and one daemon thread looks at the deadlines
 * five times a second. A timer scheduled and cancelled around every write, as before, woke its
 * thread for most writes: two per message, thousands a second. Thread-safe.
 */
final class WriteWatchdog {
  private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  private static final Set<Watch> WATCHED = ConcurrentHashMap.newKeySet();
  private static Thread sweeper;

  private WriteWatchdog() {}

  /** The deadline of one socket's writes. */
  static final class Watch implements AutoCloseable {
    private final Socket socket;
    private final long timeoutNanos;
    private volatile long deadline;
    private volatile boolean writing;

    private Watch(Socket socket, Duration timeout) {
      this.socket = socket;
      this.timeoutNanos = timeout.toNanos();
    }

    /** A write starts: it has the timeout from now. */
    void writing() {
      deadline = System.nanoTime() + timeoutNanos;
      writing = true;
    }

    /**
     * A command and its reply start: {@code limit} from now, room for the write and the read (which
     * has a timeout of its own). Ended by {@link #written}.
     */
    void awaiting(Duration limit) {
      deadline = System.nanoTime() + limit.toNanos();
      writing = true;
    }

    /** The write (or command) is over. */
    void written() {
      writing = false;
    }

    /** The session is over: stop watching. */
    @Override
    public void close() {
      WATCHED.remove(this);
    }

    private boolean overdue(long now) {
      return writing && now - deadline > 0;
    }
  }

  /**
   * Starts watching {@code socket}'s writes; close the watch with the session. A null socket (not
   * known) gets a watch that closes nothing.
   */
  static Watch watch(Socket socket, Duration timeout) {
    Watch watch = new Watch(socket, timeout);
    if (socket != null) {
      startSweeper();
      WATCHED.add(watch);
    }
    return watch;
  }

  private static synchronized void startSweeper() {
    if (sweeper == null) {
      sweeper = new Thread(WriteWatchdog::sweep, "tidings-smtp-watchdog");
      sweeper.setDaemon(true);
      sweeper.start();
    }
  }

  private static void sweep() {
    while (true) {
      LockSupport.parkNanos(PERIOD_NANOS);
      long now = System.nanoTime();
      for (Watch watch : WATCHED) {
        if (watch.socket.isClosed()) {
          WATCHED.remove(watch);
        } else if (watch.overdue(now)) {
          WATCHED.remove(watch);
          try {
            // The blocked write fails with an exception, and the session is given up.
            watch.socket.close();
          } catch (IOException e) {
            // Already closed.
          }
        }
      }
    }
  }
}
