package dev.ackrelease.steps.io;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A path given as text where no option parser converted it (a variable, a part of an option's
 * value): text no file system path can hold (a NUL byte) is invalid input naming where it came
 * from, never an {@link InvalidPathException}.
 */
public final class PathInput {

  private PathInput() {}

  /** {@code text} as a path; {@code what} names it ("DOCKER_CONFIG"), {@code fix} says what to give instead. */
  public static Path of(String text, String what, String fix) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw ReleaseException.invalidInput(what + " '" + Echo.value(text) + "' is not a path (" + Echo.value(e.getReason())
          + "): " + fix);
    }
  }
}
