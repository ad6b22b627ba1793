package dev.ackrelease.steps.artifacts;

/**
 * One version-bearing place of a release artifact: where it is ({@code file} relative to the
 * controller dir, 1-based {@code line}), which {@code key}, the value it {@code have}s, the value
 * the release {@code want}s, whether the scalar is quoted, and the char span {@code [start, end)}
 * of the value's text inside the file (inside the quotes, when quoted).
 */
public record Place(String file, int line, String key, String have, String want, boolean quoted, int start, int end) {

  /** Whether the file must change here. */
  public boolean differs() {
    return !have.equals(want);
  }

  /** The same place with another wanted value. */
  public Place want(String value) {
    return new Place(file, line, key, have, value, quoted, start, end);
  }

  /** {@code file:line: key: have X, want Y}, the form {@code --check} prints. */
  public String describe() {
    return location() + ": " + key + ": have " + have + ", want " + want;
  }

  /** {@code file:line}. */
  public String location() {
    return file + ":" + line;
  }
}
