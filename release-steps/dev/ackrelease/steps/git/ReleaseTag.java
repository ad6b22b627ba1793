package dev.ackrelease.steps.git;

import dev.ackrelease.steps.version.ReleaseVersion;
import org.eclipse.jgit.lib.ObjectId;

/** A release tag: its name, version, the commit it points at, and whether it is annotated. Found by {@link ReleaseTags}. */
public record ReleaseTag(String name, ReleaseVersion version, ObjectId commit, boolean annotated) {}
