package dev.ackrelease.cli;

import dev.ackrelease.steps.ToolVersion;
import picocli.CommandLine.IVersionProvider;

/**
 * The tool's own version and the commit it was built from, from the build (the same version the
 * library writes into SBOMs), e.g. {@code ack-release 0.2.0 (commit 3f1c...)}.
 */
public final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    return new String[] {"ack-release " + ToolVersion.get() + " (commit " + ToolVersion.commit() + ")",
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
  }
}
