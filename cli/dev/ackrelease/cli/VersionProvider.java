package dev.ackrelease.cli;

import dev.ackrelease.steps.ToolVersion;
import picocli.CommandLine.IVersionProvider;

/** The tool's own version, from the build (the same value the library writes into SBOMs). */
public final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    return new String[] {"ack-release " + ToolVersion.get(),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
  }
}
