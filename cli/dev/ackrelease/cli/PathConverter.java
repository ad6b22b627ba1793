package dev.ackrelease.cli;

import dev.ackrelease.steps.io.PathInput;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Every option that names a file or directory (--report, --cache-dir, --controller-dir, ...),
 * from the command line, its variable or .ack-release.yaml: a name the JVM could not decode in
 * the locale's character set ({@link PathInput#undecoded}) is refused, naming the option, rather
 * than written back as another name. Otherwise what picocli's own converter makes of it. A
 * plain class, not a lambda, as {@link Main}'s hooks are.
 */
final class PathConverter implements ITypeConverter<Path> {

  static final PathConverter INSTANCE = new PathConverter();

  private PathConverter() {}

  @Override
  public Path convert(String value) {
    Optional<String> undecoded = PathInput.undecoded(value, "");
    if (undecoded.isPresent()) {
      throw new TypeConversionException(undecoded.get());
    }
    return Path.of(value);
  }
}
