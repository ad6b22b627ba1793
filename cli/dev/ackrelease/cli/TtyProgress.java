package dev.ackrelease.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Progress on a terminal: below the lines printed so far, one status line per piece of work
 * under way, redrawn in place five times a second with ANSI cursor moves: a bar, bytes done of
 * the total, the rate and the time left (for a go build, the time it has taken). A line printed
 * meanwhile goes above the bars; when the last work ends the bars are erased, so what stays on
 * the screen is the lines (one per artifact). Each status line is cut to the terminal's width,
 * so none wraps and the redraw stays in place. In colour unless told otherwise; without colour
 * ({@code NO_COLOR}, {@code --no-color}) no escape sequence at all, so one status line is
 * rewritten after a carriage return.
 *
 * <p>Written here rather than taken from a progress-bar library: me.tongfei:progressbar needs
 * JLine (a terminal library of about a megabyte, and its start-up on every run) and draws each
 * bar on its own, so lines printed between redraws tear the bars; what is needed is ~150 lines.
 */
final class TtyProgress extends ProgressView {

  static final long REDRAW_MS = 200;
  /** At most this many status lines; more work under way is counted on the last one. */
  static final int MAX_BARS = 8;

  private static final String ESC = "\u001b[";
  private static final Pattern DONE = Pattern.compile(
      "^((?:[a-z0-9][a-z0-9-]*: )?)(pushed|verified|built|signed|attached|tagged|created|committed|published)\\b");
  private static final Pattern WARNING = Pattern.compile("^((?:[a-z0-9][a-z0-9-]*: )?)(warning:|would refuse:)");

  private final boolean colour;
  private final int width;
  /** In colour, how many status lines are on the screen right above the cursor; without, the status line's length. */
  private int drawn;
  private Thread ticker;
  private boolean cleared;

  TtyProgress(PrintWriter err, LongSupplier clock, boolean colour, int width) {
    super(err, clock);
    this.colour = colour;
    // The terminal's own width, however narrow: a line as long as it or longer wraps, and the
    // redraw, which moves up one row per status line, would leave the wrapped rows behind.
    this.width = Math.max(1, width);
  }

  @Override
  synchronized void line(String text) {
    if (cleared) {
      return;
    }
    erase();
    err.println(colour ? paint(text) : text);
    draw();
    err.flush();
  }

  @Override
  void started(ProgressTask task) {
    redraw();
    if (ticker == null && !cleared) {
      ticker = new Thread(this::tick, "progress");
      ticker.setDaemon(true);
      ticker.start();
    }
  }

  @Override
  void ended(ProgressTask task) {
    redraw();
  }

  @Override
  synchronized void clear() {
    erase();
    err.flush();
    cleared = true;
  }

  /** Redraws while work is under way (the time left moves even when no byte does), then stops. */
  private void tick() {
    while (true) {
      try {
        Thread.sleep(REDRAW_MS);
      } catch (InterruptedException e) {
        return;
      }
      synchronized (this) {
        if (tasks().isEmpty() || cleared) {
          ticker = null;
          return;
        }
        redraw();
      }
    }
  }

  /** Draws the status lines again over the ones on the screen. */
  synchronized void redraw() {
    if (cleared) {
      return;
    }
    erase();
    draw();
    err.flush();
  }

  private void erase() {
    if (drawn > 0) {
      err.print(colour ? "\r" + ESC + drawn + "A" + ESC + "J" : "\r" + " ".repeat(drawn) + "\r");
      drawn = 0;
    }
  }

  /**
   * In colour, a status line per piece of work (the cursor then sits below the last); without,
   * no escape sequence at all: one status line the cursor stays on, rewritten after a carriage
   * return (the first piece of work, and how many more are under way).
   */
  private void draw() {
    List<ProgressTask> tasks = tasks();
    if (tasks.isEmpty()) {
      return;
    }
    long now = clock.getAsLong();
    if (!colour) {
      String more = tasks.size() > 1 ? "  (+" + (tasks.size() - 1) + " more)" : "";
      // bar leaves room for the count: the line stays within the width.
      String status = bar(tasks.get(0), now, more.length()) + more;
      status = status.substring(0, Math.min(status.length(), width - 1));
      err.print(status);
      drawn = status.length();
      return;
    }
    int shown = Math.min(tasks.size(), MAX_BARS);
    for (int i = 0; i < shown; i++) {
      boolean last = i == shown - 1 && tasks.size() > shown;
      String more = "  ... and " + (tasks.size() - shown + 1) + " more under way";
      err.print(last ? more.substring(0, Math.min(more.length(), width - 1)) : bar(tasks.get(i), now, 0));
      err.print("\n");
    }
    drawn = shown;
  }

  /**
   * One status line: {@code label  [=====>    ]  45.2 MiB / 144.0 MiB  12.3 MiB/s  ETA 8s}, at most the
   * width less {@code reserve} columns.
   */
  String bar(ProgressTask task, long now, int reserve) {
    String figures = task.figures(now, "  ");
    int room = Math.max(0, width - 1 - reserve);
    // The label whole if it can be, the bar as wide as what is left (10 to 30), or no bar on a narrow terminal.
    int barWidth = Math.min(30, room - figures.length() - task.label.length() - 8);
    if (barWidth < 10) {
      barWidth = room - figures.length() - 18 >= 20 ? 10 : 0;
    }
    int labelRoom = Math.max(8, room - figures.length() - (barWidth > 0 ? barWidth + 4 : 0) - 4);
    String label = task.label.length() <= labelRoom ? task.label : task.label.substring(0, labelRoom - 3) + "...";
    String plain = "  " + label + "  " + (barWidth > 0 ? "[" + fill(task, barWidth, now, false) + "]  " : "") + figures;
    if (!colour || plain.length() > room) {
      return plain.length() > room ? plain.substring(0, room) : plain;
    }
    return "  " + label + "  " + (barWidth > 0 ? "[" + fill(task, barWidth, now, true) + "]  " : "") + ESC + "2m" + figures
        + ESC + "0m";
  }

  private static String fill(ProgressTask task, int barWidth, long now, boolean colour) {
    StringBuilder bar = new StringBuilder();
    if (task.sized()) {
      int full = (int) Math.round(task.fraction() * barWidth);
      String done = "=".repeat(Math.max(0, full - 1)) + (full == 0 ? "" : full == barWidth ? "=" : ">");
      bar.append(colour && full > 0 ? ESC + "32m" + done + ESC + "0m" : done).append(" ".repeat(barWidth - full));
    } else {
      // Work of unknown size: a block that bounces, so the line shows it is alive.
      int span = barWidth - 3;
      long step = (now - task.started) / (REDRAW_MS * 1_000_000L) % (2L * span);
      int at = (int) (step < span ? step : 2L * span - step);
      bar.append(" ".repeat(at)).append(colour ? ESC + "36m<=>" + ESC + "0m" : "<=>").append(" ".repeat(span - at));
    }
    return bar.toString();
  }

  /** A finished artifact's verb in green, a warning in yellow. */
  static String paint(String text) {
    Matcher done = DONE.matcher(text);
    if (done.find()) {
      return done.group(1) + ESC + "32m" + done.group(2) + ESC + "0m" + text.substring(done.end());
    }
    Matcher warning = WARNING.matcher(text);
    if (warning.find()) {
      return warning.group(1) + ESC + "33m" + warning.group(2) + ESC + "0m" + text.substring(warning.end());
    }
    return text;
  }
}
