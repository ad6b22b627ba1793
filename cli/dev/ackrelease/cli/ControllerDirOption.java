package dev.ackrelease.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --controller-dir}: the controller's clone, by default the current directory. */
public final class ControllerDirOption {

  @Option(names = "--controller-dir", paramLabel = "DIR",
      description = "The controller repository (default: the current directory).")
  Path controllerDir;

  public Path orCurrent() {
    return controllerDir != null ? controllerDir : Path.of("").toAbsolutePath();
  }

  public boolean given() {
    return controllerDir != null;
  }
}
