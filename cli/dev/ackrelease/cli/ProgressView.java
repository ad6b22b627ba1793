package dev.ackrelease.cli;

import dev.ackrelease.steps.Progress;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * How a run's lines and progress reach stderr: as they are ({@code none}), with a line now and
 * then for long transfers ({@link PlainProgress}), or below bars drawn in place
 * ({@link TtyProgress}). Every view knows which work is under way, so an interrupt names it.
 */
class ProgressView {

  final PrintWriter err;
  final LongSupplier clock;
  private final Set<ProgressTask> open = new LinkedHashSet<>();
  private boolean paint;

  ProgressView(PrintWriter err, LongSupplier clock) {
    this.err = err;
    this.clock = clock;
  }

  /**
   * Paints the lines as a terminal shows them ({@link TtyProgress#paint}): colour forced off a
   * terminal ({@link Terminal#colourForced}).
   */
  ProgressView painted(boolean paint) {
    this.paint = paint;
    return this;
  }

  /** Prints one line (already redacted and escaped). */
  synchronized void line(String text) {
    err.println(paint ? TtyProgress.paint(text) : text);
    err.flush();
  }

  /** Work that has begun; the returned progress ends it when closed. */
  final Progress open(String label, long total) {
    ProgressTask task = new ProgressTask(label, total, clock.getAsLong());
    synchronized (this) {
      open.add(task);
      started(task);
    }
    return new Progress() {
      @Override
      public void update(long done) {
        task.update(done, clock.getAsLong());
        updated(task);
      }

      @Override
      public void close() {
        synchronized (ProgressView.this) {
          if (open.remove(task)) {
            ended(task);
          }
        }
      }
    };
  }

  /** The labels of the work under way, oldest first. */
  synchronized List<String> running() {
    return open.stream().map(t -> t.label).toList();
  }

  synchronized List<ProgressTask> tasks() {
    return new ArrayList<>(open);
  }

  synchronized boolean isOpen(ProgressTask task) {
    return open.contains(task);
  }

  void started(ProgressTask task) {}

  void updated(ProgressTask task) {}

  void ended(ProgressTask task) {}

  /** Leaves stderr at the start of a clean line, for a last line (an interrupt's). */
  void clear() {}
}
