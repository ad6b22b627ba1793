package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Progress on stderr: bars in place on a terminal, a line now and then in logs, and which work an interrupt names. */
class ProgressViewTest {

  static final long SECOND = 1_000_000_000L;
  static final long MIB = 1L << 20;

  final StringWriter text = new StringWriter();
  final PrintWriter err = new PrintWriter(text, true);
  final AtomicLong now = new AtomicLong(1000 * SECOND);

  @Test
  void aTerminalBarShowsBytesRateAndTimeLeftAndIsErasedWhenTheWorkEnds() {
    TtyProgress tty = new TtyProgress(err, now::get, true, 160);
    Progress upload = tty.open("pushing image blob sha256:74d30474fa5c to s3-controller", 144 * MIB);
    now.addAndGet(6 * SECOND);
    upload.update(72 * MIB);
    tty.redraw();
    String frame = text.toString();
    assertTrue(frame.contains("pushing image blob sha256:74d30474fa5c to s3-controller"), frame);
    assertTrue(frame.contains("72.0 MiB / 144.0 MiB  12.0 MiB/s  ETA 6s"), frame);
    assertTrue(frame.contains("[\u001b[32m==============>\u001b[0m               ]"), "half the bar, in green: " + frame);
    assertTrue(frame.contains("\r\u001b[1A\u001b[J"), "the redraw moves up over the bar it drew: " + frame);

    tty.line("pushed 127.0.0.1:5000/ack/s3-controller:1.2.3 (sha256:81f9, 144.0 MiB sent, 12.0 s)");
    String after = text.toString().substring(frame.length());
    assertTrue(after.startsWith("\r\u001b[1A\u001b[J\u001b[32mpushed\u001b[0m 127.0.0.1:5000"), "the line goes above the bar: " + after);
    upload.close();
    assertTrue(text.toString().endsWith("\r\u001b[1A\u001b[J"), "no bar stays: " + text);
  }

  @Test
  void workOfUnknownSizeShowsTheTimeItHasTaken() {
    TtyProgress tty = new TtyProgress(err, now::get, false, 100);
    try (Progress go = tty.open("go build ./cmd/controller for linux/amd64", -1)) {
      now.addAndGet(65 * SECOND);
      tty.redraw();
      assertTrue(text.toString().contains("go build ./cmd/controller for linux/amd64  [") && text.toString().contains("<=>"),
          text.toString());
      assertTrue(text.toString().endsWith("]  1m05s"), text.toString());
    }
  }

  /** NO_COLOR and --no-color: no escape sequence at all, not even to move the cursor; one status line after a carriage return. */
  @Test
  void withoutColourNoEscapeByteIsWritten() {
    TtyProgress tty = new TtyProgress(err, now::get, false, 120);
    Progress a = tty.open("pushing image blob sha256:74d30474fa5c to s3-controller", 10 * MIB);
    Progress b = tty.open("pushing image blob sha256:2f7cbb47b3bf to s3-controller", MIB);
    now.addAndGet(2 * SECOND);
    a.update(4 * MIB);
    tty.redraw();
    tty.line("pushed 127.0.0.1:5000/ack/s3-chart:1.2.3 (sha256:73a8, 5.7 KiB sent, 0.1 s)");
    b.close();
    a.close();
    String out = text.toString();
    assertFalse(out.contains("\u001b"), out);
    assertTrue(out.contains("4.0 MiB / 10.0 MiB  2.0 MiB/s  ETA 3s  (+1 more)"), out);
    assertTrue(out.contains("\npushed 127.0.0.1:5000/ack/s3-chart:1.2.3") || out.contains("\rpushed 127.0.0.1:5000/ack/s3-chart:1.2.3"), out);
  }

  @Test
  void aStatusLineNeverReachesTheTerminalsLastColumn() {
    for (boolean colour : List.of(true, false)) {
      TtyProgress tty = new TtyProgress(err, now::get, colour, 80);
      ProgressTask task = new ProgressTask("pushing image blob sha256:74d30474fa5c to a-repository-with-a-long-name-controller",
          144 * MIB, now.get());
      task.update(3 * MIB, now.get() + 2 * SECOND);
      String bar = tty.bar(task, now.get() + 2 * SECOND, 0).replaceAll("\u001b\\[[0-9;]*m", "");
      assertTrue(bar.length() <= 79, bar.length() + ": " + bar);
      assertTrue(bar.contains("3.0 MiB / 144.0 MiB  1.5 MiB/s  ETA 1m34s"), bar);
      ProgressTask go = new ProgressTask("go build ./cmd/controller for linux/amd64", -1, now.get());
      String goBar = tty.bar(go, now.get(), 0).replaceAll("\u001b\\[[0-9;]*m", "");
      assertTrue(goBar.startsWith("  go build ./cmd/controller for linux/amd64  ["), "the label whole, the bar shorter: " + goBar);
      assertTrue(goBar.length() <= 79, goBar);
    }
  }

  /**
   * A terminal narrower than a status line (COLUMNS=20, a split pane): every line drawn, in colour
   * or not, still ends before the last column, so none wraps and the redraw, which moves up a row
   * per status line, erases all of what it drew.
   */
  @Test
  void onANarrowTerminalNoStatusLineWraps() {
    for (int columns : List.of(1, 20, 39)) {
      for (boolean colour : List.of(true, false)) {
        StringWriter screen = new StringWriter();
        TtyProgress tty = new TtyProgress(new PrintWriter(screen, true), now::get, colour, columns);
        List<Progress> work = new ArrayList<>();
        for (int i = 0; i < TtyProgress.MAX_BARS + 2; i++) {
          work.add(tty.open("pushing image blob sha256:74d30474fa5c to s3-controller " + i, 144 * MIB));
        }
        now.addAndGet(2 * SECOND);
        work.get(0).update(3 * MIB);
        tty.redraw();
        for (String row : screen.toString().replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "").split("[\r\n]")) {
          assertTrue(row.length() < columns || row.isEmpty(), columns + " columns, colour " + colour + ": '" + row + "'");
        }
        work.forEach(Progress::close);
      }
    }
  }

  @Test
  void plainModePrintsALongTransferEveryTenSecondsAndNothingForShortWork() {
    PlainProgress plain = new PlainProgress(err, now::get);
    try (Progress upload = plain.open("pushing image blob sha256:74d30474fa5c to s3-controller", 350 * MIB);
        Progress go = plain.open("go build ./cmd/controller for linux/amd64", -1);
        Progress small = plain.open("pushing chart blob sha256:8936503979b7 to s3-chart", 591)) {
      small.update(591);
      for (int s = 1; s <= 35; s++) {
        now.addAndGet(SECOND);
        upload.update(s * 10 * MIB);
        go.update(s);
      }
    }
    List<String> lines = text.toString().lines().toList();
    assertEquals(List.of(
        "pushing image blob sha256:74d30474fa5c to s3-controller: 100.0 MiB / 350.0 MiB, 10.0 MiB/s, ETA 25s",
        "pushing image blob sha256:74d30474fa5c to s3-controller: 200.0 MiB / 350.0 MiB, 10.0 MiB/s, ETA 15s",
        "pushing image blob sha256:74d30474fa5c to s3-controller: 300.0 MiB / 350.0 MiB, 10.0 MiB/s, ETA 5s"), lines);
  }

  @Test
  void aRetryCountsItsRateFromWhenItStartedAgain() {
    ProgressTask task = new ProgressTask("upload", 100 * MIB, 0);
    task.update(50 * MIB, 5 * SECOND);
    task.update(0, 10 * SECOND);
    task.update(20 * MIB, 14 * SECOND);
    assertEquals(5.0 * MIB, task.rate(14 * SECOND), 1.0);
  }

  @Test
  void autoIsBarsOnlyOnATerminalOutsideCi() {
    assertEquals(ProgressOptions.Mode.plain, Terminal.resolve(ProgressOptions.Mode.auto, Map.of("CI", "true")));
    assertEquals(ProgressOptions.Mode.plain, Terminal.resolve(ProgressOptions.Mode.auto, Map.of("TERM", "dumb")));
    // The tests' stderr is a pipe to the build tool, not a terminal.
    assertEquals(ProgressOptions.Mode.plain, Terminal.resolve(ProgressOptions.Mode.auto, Map.of()));
    assertEquals(ProgressOptions.Mode.tty, Terminal.resolve(ProgressOptions.Mode.tty, Map.of("CI", "true")));
    assertEquals(ProgressOptions.Mode.none, Terminal.resolve(ProgressOptions.Mode.none, Map.of()));
  }

  /** CI=0 and CI=false say it is not CI (the trial's CI=0 gave plain lines on a terminal). */
  @Test
  void ciIsCiUnlessEmptyZeroOrFalse() {
    for (String ci : List.of("true", "1", "yes", "True")) {
      assertTrue(Terminal.ci(Map.of("CI", ci)), ci);
    }
    for (String notCi : List.of("0", "false", "FALSE", "", " 0 ")) {
      assertFalse(Terminal.ci(Map.of("CI", notCi)), "'" + notCi + "'");
    }
    assertFalse(Terminal.ci(Map.of()));
  }

  @Test
  void colourUnlessNoColorOrTheOptionSaysNo() {
    assertTrue(Terminal.colour(false, Map.of("TERM", "xterm-256color")));
    assertFalse(Terminal.colour(false, Map.of("NO_COLOR", "1")));
    assertFalse(Terminal.colour(false, Map.of("NO_COLOR", "false")), "any value but empty");
    assertTrue(Terminal.colour(false, Map.of("NO_COLOR", "")), "no-color.org: an empty value does not count");
    assertFalse(Terminal.colour(true, Map.of()));
    assertFalse(Terminal.colour(false, Map.of("TERM", "dumb")));
    assertFalse(Terminal.colour(false, Map.of("CLICOLOR", "0")), "CLICOLOR=0, as gh reads it");
    assertTrue(Terminal.colour(false, Map.of("CLICOLOR", "1")));
  }

  /** CLICOLOR_FORCE and FORCE_COLOR force colour, as gh and Node's tools read them; NO_COLOR and --no-color still win. */
  @Test
  void colourIsForcedByClicolorForceOrForceColorUnlessNoColor() {
    for (String force : List.of("CLICOLOR_FORCE", "FORCE_COLOR")) {
      assertTrue(Terminal.colourForced(false, Map.of(force, "1")), force);
      assertTrue(Terminal.colour(false, Map.of(force, "1", "TERM", "dumb", "CLICOLOR", "0")), force + " wins over CLICOLOR=0");
      for (String notForced : List.of("", "0", "false", " 0 ")) {
        assertFalse(Terminal.colourForced(false, Map.of(force, notForced)), force + "='" + notForced + "'");
      }
      assertFalse(Terminal.colourForced(false, Map.of(force, "1", "NO_COLOR", "1")), "NO_COLOR wins over " + force);
      assertFalse(Terminal.colour(false, Map.of(force, "1", "NO_COLOR", "1")), "NO_COLOR wins over " + force);
      assertFalse(Terminal.colourForced(true, Map.of(force, "1")), "--no-color wins over " + force);
    }
    assertFalse(Terminal.colourForced(false, Map.of()));
    // Off a terminal (plain, as in a CI log), forced colour paints the lines; otherwise no escape at all.
    assertEquals("\u001b[32mpushed\u001b[0m x", paintedLine(Map.of("FORCE_COLOR", "1")));
    assertEquals("\u001b[32mpushed\u001b[0m x", paintedLine(Map.of("CLICOLOR_FORCE", "1")));
    assertEquals("pushed x", paintedLine(Map.of()));
    assertEquals("pushed x", paintedLine(Map.of("FORCE_COLOR", "1", "NO_COLOR", "1")));
  }

  private static String paintedLine(Map<String, String> env) {
    StringWriter lines = new StringWriter();
    Printer printer = new Printer(new PrintWriter(new StringWriter()), new PrintWriter(lines, true), options(), "publish",
        ProgressOptions.Mode.plain, env);
    printer.info("pushed x");
    return lines.toString().strip();
  }

  @Test
  void columnsComeFromColumnsFirst() {
    assertEquals(132, Terminal.columns(Map.of("COLUMNS", "132")));
    // One reading of COLUMNS for the progress lines and for help (HelpPages.width).
    assertEquals(132, Terminal.columns(Map.of("COLUMNS", " 132 ")), "spaces around it ignored, as help reads it");
    assertEquals(OptionalInt.of(20000), Terminal.columnsVariable(Map.of("COLUMNS", "20000")));
    for (String notAWidth : List.of("0", "", "wide", "123456", "-80")) {
      assertEquals(OptionalInt.empty(), Terminal.columnsVariable(Map.of("COLUMNS", notAWidth)), notAWidth);
    }
  }

  @Test
  void detailsOnlyWithVerboseAndNothingWhenQuiet() {
    assertEquals(List.of("pushed x"), printed(options()));
    GlobalOptions verbose = options();
    verbose.terminal.verbose = true;
    assertEquals(List.of("pushing blob sha256:2f7cbb47b3bf (708 B)", "pushed x"), printed(verbose));
    GlobalOptions quiet = options();
    quiet.quiet = true;
    quiet.terminal.verbose = true;
    assertEquals(List.of(), printed(quiet));
  }

  private List<String> printed(GlobalOptions options) {
    StringWriter lines = new StringWriter();
    Printer printer = new Printer(new PrintWriter(new StringWriter()), new PrintWriter(lines, true), options, "publish",
        ProgressOptions.Mode.plain, Map.of());
    printer.detail("pushing blob sha256:2f7cbb47b3bf (708 B)");
    printer.info("pushed x");
    return lines.toString().lines().toList();
  }

  /** Steps run side by side: the interrupt line names the work under way, not the last line some other step printed. */
  @Test
  void anInterruptNamesTheWorkUnderWay() {
    Printer printer = new Printer(new PrintWriter(new StringWriter()), err, options(), "publish", ProgressOptions.Mode.none, Map.of());
    try (Progress jib = printer.progress("building the image for linux/amd64 (Jib)", 144 * MIB)) {
      printer.detail("packaged chart s3-chart-1.2.3.tgz (10 files, 4.2 KiB, sha256:d093)");
      assertEquals("building the image for linux/amd64 (Jib)", Interrupts.during());
      try (Progress go = printer.progress("go build ./cmd/controller for linux/arm64", -1)) {
        assertEquals("building the image for linux/amd64 (Jib), go build ./cmd/controller for linux/arm64", Interrupts.during());
      }
    }
    assertTrue(Interrupts.during().startsWith("packaged chart"), "no work under way: the last line");
  }

  private static GlobalOptions options() {
    return new GlobalOptions();
  }
}
