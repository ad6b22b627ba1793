package dev.ackrelease.steps;

/**
 * A URL given as input, as a message may show it: whatever could hold a password or a token is
 * masked, however the text is written. Everything before the last {@code @} after the scheme's
 * {@code //} (or its {@code :}, or the start, where the text has neither: {@code https:/me:pw@h},
 * {@code user:pw@h}) is user information; a query and a fragment may hold tokens.
 */
public final class UrlText {

  private UrlText() {}

  /** {@code text} with its user information ({@code ****}), query and fragment masked, then escaped ({@link Echo#value}). */
  public static String masked(String text) {
    String shown = text;
    int end = firstOf(shown, '?', '#');
    String tail = end < 0 ? "" : shown.charAt(end) + "****";
    shown = end < 0 ? shown : shown.substring(0, end);
    int at = shown.lastIndexOf('@');
    if (at >= 0) {
      int slashes = shown.indexOf("//");
      int colon = shown.indexOf(':');
      int start = slashes >= 0 && slashes < at ? slashes + 2 : colon >= 0 && colon < at ? colon + 1 : 0;
      shown = shown.substring(0, start) + "****" + shown.substring(at);
    }
    return Echo.value(shown + tail);
  }

  private static int firstOf(String text, char a, char b) {
    int i = text.indexOf(a);
    int j = text.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }
}
