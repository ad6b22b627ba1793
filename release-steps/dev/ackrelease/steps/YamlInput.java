package dev.ackrelease.steps;

import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The YAML factory every reader of a YAML file uses: SnakeYAML's own bound on a document is 3 Mi
 * characters (LoaderOptions' code point limit), below what Helm takes in a chart's file (5 MiB:
 * {@code MaxDecompressedFileSize} of helm's pkg/chart/v2/loader), so a values.yaml Helm reads was
 * refused as "not valid YAML". Here the bound is Helm's: a file of 5 MiB holds at most as many
 * characters, and a longer one is named as too large ({@link YamlErrors#reason}).
 */
public final class YamlInput {

  /** The most characters a YAML file read here may hold: Helm's 5 MiB per chart file. */
  public static final int MAX_CHARACTERS = 5 * 1024 * 1024;

  private YamlInput() {}

  /** A new YAML factory that reads documents of up to {@link #MAX_CHARACTERS} characters. */
  public static YAMLFactory factory() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_CHARACTERS);
    // Rebuilt from a default factory: YAMLFactory.builder() starts with no YAML parser features, so an empty value
    // ("registry:") would read as "" instead of null (EMPTY_STRING_AS_NULL is on by default only in the constructor).
    return new YAMLFactory().rebuild().loaderOptions(options).build();
  }
}
