package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A shared option's words are true for each command that has it: plan takes publish's options but
 * builds, pushes and writes nothing of publish's, and only publish has transfers for --progress's
 * bars, bytes and ETA (the trial found publish's words on plan's --dry-run and the bars on verify and await).
 */
class OptionWordsTest {

  private static String text(String command, String option) {
    CommandSpec spec = HelpTest.spec(command);
    OptionSpec o = spec.findOption(option);
    assertTrue(o != null, command + " " + option);
    return HelpPages.optionText(o);
  }

  @Test
  void plansOptionsSayWhatPlanDoesWithThem() {
    for (String option : List.of("--dry-run", "--no-verify", "--oci-layout", "--report", "--sign-key", "--sbom",
        "--no-create-repositories", "--github-release", "--chart-dir")) {
      String plan = text("plan", option);
      assertNotEquals(text("publish", option), plan, option);
      assertFalse(plan.matches("(?s).*\\b(Build and compute|Also write the built image|Skip reading|Sign the|Attach|Publish the)\\b.*"),
          "plan " + option + ": " + plan);
    }
    assertTrue(text("plan", "--dry-run").contains("plan builds and pushes nothing"), text("plan", "--dry-run"));
    assertTrue(text("plan", "--report").contains("the plan as JSON"), text("plan", "--report"));
    // The same meaning keeps its one definition.
    for (String option : List.of("--platforms", "--base-image", "--registry", "--service", "--verbose")) {
      assertTrue(text("plan", option).equals(text("publish", option)), option);
    }
  }

  @Test
  void onlyPublishsProgressHasBarsBytesAndEta() {
    for (Map.Entry<String, List<String>> page : HelpTest.pages().entrySet()) {
      OptionSpec progress = HelpTest.spec(page.getKey()).findOption("--progress");
      if (progress == null) {
        continue;
      }
      String text = HelpPages.optionText(progress);
      boolean transfers = text.contains("ETA") || text.contains("bytes") || text.contains("bars drawn in place");
      assertTrue(transfers == page.getKey().equals("publish"), page.getKey() + ": " + text);
      assertFalse(text.contains("${"), page.getKey() + ": " + text);
    }
    String verify = HelpTest.help(80, List.of("verify", "--help")).out();
    assertTrue(verify.replaceAll("\\s+", " ").contains("draws no bars"), verify);
    assertFalse(verify.contains("ETA"), verify);
  }
}
