package dev.ackrelease.steps.io;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Independent work run side by side (one platform's build per task), results in the order of
 * the inputs. The first failure is rethrown as it was thrown (a {@code ReleaseException} keeps
 * its kind); the other tasks are cancelled. One task runs on the caller's thread.
 */
public final class Parallel {

  /** A step that may throw. */
  public interface Task<T, R> {
    R apply(T input) throws Exception;
  }

  private Parallel() {}

  public static <T, R> List<R> map(List<T> inputs, Task<T, R> task) throws Exception {
    return map(inputs, inputs.size(), task);
  }

  /** As {@link #map(List, Task)}, with at most {@code threads} tasks at once. */
  public static <T, R> List<R> map(List<T> inputs, int threads, Task<T, R> task) throws Exception {
    if (inputs.size() <= 1 || threads <= 1) {
      List<R> out = new ArrayList<>();
      for (T t : inputs) {
        out.add(task.apply(t));
      }
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, inputs.size()), r -> {
      Thread t = new Thread(r, "ack-release-parallel");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<R>> futures = new ArrayList<>();
      for (T t : inputs) {
        futures.add(pool.submit(() -> task.apply(t)));
      }
      List<R> out = new ArrayList<>();
      for (Future<R> f : futures) {
        try {
          out.add(f.get());
        } catch (ExecutionException e) {
          futures.forEach(other -> other.cancel(true));
          Throwable cause = e.getCause();
          if (cause instanceof Exception ex) {
            throw ex;
          }
          throw (Error) cause;
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
