package dev.ackrelease.testing;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The order in which the integration test classes are handed to the threads that run them side
 * by side (pom.xml, maven-failsafe-plugin): the slowest first ({@link #SLOWEST}, from
 * {@code ./scripts/test}'s table of times), then the others by name. A slow class that started
 * last would keep the run going long after the others ended. Reorder the list when the table
 * says so; a class missing from it only starts later.
 */
public final class SlowestFirst implements ClassOrderer {

  /** Simple names, slowest first. */
  static final List<String> SLOWEST = List.of("PublishIT", "CiDefinitionsIT", "FaultIT", "SupplyChainIT", "FleetIT",
      "SelfReleaseIT", "HostileInputIT", "UmbrellaIT", "GitHubReleaseIT", "ProgressIT", "SigningIT", "ReleasePrIT",
      "DocExamplesIT");

  @Override
  public void orderClasses(ClassOrdererContext context) {
    context.getClassDescriptors().sort(Comparator.comparingInt(SlowestFirst::rank)
        .thenComparing(d -> d.getTestClass().getName()));
  }

  private static int rank(ClassDescriptor d) {
    int i = SLOWEST.indexOf(d.getTestClass().getSimpleName());
    return i < 0 ? SLOWEST.size() : i;
  }
}
