package dev.ackrelease.steps.chart;

import dev.ackrelease.steps.ReleaseException;
import java.util.Locale;

/**
 * The sizes Helm refuses to load a chart beyond (helm/helm pkg/chart/loader/archive/archive.go
 * {@code MaxDecompressedFileSize}, 5 MiB per file, and {@code MaxDecompressedChartSize}, 100 MiB
 * in all; pkg/chart/v2/loader/directory.go applies the file limit to {@code helm package} too).
 * A chart over either could be pushed but never installed: it is refused before anything is
 * read whole or pushed. What the chart's .helmignore ignores counts towards neither, as Helm
 * never reads it ({@link CommittedChart}).
 */
public final class HelmLimits {

  public static final long MAX_FILE = 5L * 1024 * 1024;
  public static final long MAX_CHART = 100L * 1024 * 1024;

  private HelmLimits() {}

  /** Exit 2 naming {@code file} when it is over Helm's file limit. */
  public static void requireFile(String file, long size) {
    if (size > MAX_FILE) {
      String[] sizes = sizes(size, MAX_FILE);
      throw ReleaseException.invalidInput("chart file " + file + " is " + sizes[0] + ", over Helm's limit of " + sizes[1]
          + " per file (helm install would refuse the chart): keep large files out of helm/");
    }
  }

  /** Exit 2 when {@code total} bytes of chart files are over Helm's chart limit. */
  public static void requireChart(String chart, long total) {
    if (total > MAX_CHART) {
      String[] sizes = sizes(total, MAX_CHART);
      throw ReleaseException.invalidInput("the chart " + chart + " holds " + sizes[0] + " of files, over Helm's limit of "
          + sizes[1] + " (helm install would refuse it): keep large files out of helm/");
    }
  }

  /** A size and the limit it is over, in MiB to a tenth, or in bytes when the two would read the same ("5.0 MiB, over 5.0 MiB"). */
  static String[] sizes(long size, long limit) {
    String over = mib(size);
    String max = mib(limit);
    return over.equals(max) ? new String[] {size + " bytes", limit + " bytes"} : new String[] {over, max};
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }
}
