package dev.ackrelease.steps.io;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Writes a signal must not cut in two: a branch with its checkout and commit, whose lock files
 * ({@code .git/index.lock}) a halted JVM leaves behind, after which git refuses every command
 * until one is deleted by hand, and whose half (a branch without its commit) a re-run refuses.
 * The command line's signal handler {@link #close closes} the gate before it stops the run: it
 * waits, a bounded time, for the sections under way to end, and then lets no new one begin.
 */
public final class CriticalSection {

  /** Sections hold it shared (several threads, nested), the signal handler exclusively; fair, so a waiting handler stops new sections. */
  private static final ReentrantReadWriteLock GATE = new ReentrantReadWriteLock(true);
  /**
   * The sections under way in the order they began, each with what its user is told when it does
   * not finish: the first is the outermost of nested ones (release-pr's around prepare's), whose
   * clause covers the whole.
   */
  private static final Map<Long, String> RUNNING = new ConcurrentSkipListMap<>();
  private static final AtomicLong STARTED = new AtomicLong();
  /** Set once a signal is being handled: a section failing from then on did not finish. */
  private static volatile boolean closing;
  /** What a section that failed while a signal was handled left unfinished. */
  private static volatile String failed;

  private CriticalSection() {}

  /**
   * Runs {@code body} whole: a signal arriving meanwhile waits for it. {@code unfinished} is the
   * clause the interrupt prints if it ends without it, e.g. "the release commit on branch X did
   * not finish: start over with ...".
   */
  public static <T> T run(String unfinished, Supplier<T> body) {
    return call(unfinished, body::get);
  }

  /** A body that may throw a checked exception (a JGit command's {@code call()}). */
  @FunctionalInterface
  public interface Body<T, E extends Exception> {
    T get() throws E;
  }

  /**
   * {@link #run} for a body that throws {@code E}, rethrown as it is. A network call (one push
   * attempt, not its retries) goes in one too: a signal waits for it the bounded time, and its
   * clause says what a re-run does with a push that did not end.
   */
  public static <T, E extends Exception> T call(String unfinished, Body<T, E> body) throws E {
    GATE.readLock().lock();
    Long key = STARTED.incrementAndGet();
    RUNNING.put(key, unfinished);
    boolean whole = false;
    try {
      T result = body.get();
      whole = true;
      return result;
    } finally {
      if (!whole && closing) {
        failed = unfinished; // nested sections fail inside out: the outermost's clause is set last
      }
      RUNNING.remove(key);
      GATE.readLock().unlock();
    }
  }

  /**
   * For the signal handler: waits up to {@code max} for the sections under way to end, and keeps
   * any new one from starting (until the JVM halts). Returns what did not finish: a section still
   * running after {@code max}, or one that failed meanwhile; empty when every section ended whole.
   */
  public static Optional<String> close(Duration max) {
    closing = true;
    boolean closed;
    try {
      closed = GATE.writeLock().tryLock(max.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = false;
    }
    if (!closed) {
      Optional<String> running = RUNNING.values().stream().findFirst(); // the earliest begun: the outermost
      if (running.isPresent()) {
        return running;
      }
    }
    return Optional.ofNullable(failed);
  }
}
