package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code --help} and {@code --version} come from a model of names and headers alone
 * ({@link TopLevelPage}); what they print is exactly what the whole model prints (the one a command
 * line without a known command gets, which is the annotations' model: CommandModelsTest), so the
 * two cannot drift apart.
 */
class TopLevelPageTest {

  private static String run(CommandLine cli, String arg) {
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    assertEquals(0, cli.execute(arg), arg);
    return out.toString();
  }

  private static CommandLine wholeModel() {
    PrintWriter none = new PrintWriter(new StringWriter());
    return Main.commandLine(none, none, (String) null);
  }

  private static CommandLine topLevel(String arg) {
    PrintWriter none = new PrintWriter(new StringWriter());
    return Main.commandLine(none, none, new String[] {arg});
  }

  @Test
  void theHelpPageIsTheAnnotatedModelsCharacterForCharacter() {
    String page = run(topLevel("--help"), "--help");
    assertEquals(run(wholeModel(), "--help"), page);
    assertEquals(page, run(topLevel("-h"), "-h"));
    assertTrue(page.contains("  tag              " + TagCommand.HEADER), page);
    assertTrue(!page.contains("generate-completion"), "the hidden command stays hidden");
  }

  @Test
  void theVersionIsTheAnnotatedModelsToo() {
    String version = run(topLevel("--version"), "--version");
    assertEquals(run(wholeModel(), "--version"), version);
    assertEquals(version, run(topLevel("-V"), "-V"));
    assertTrue(version.startsWith("ack-release "), version);
  }

  @Test
  void theTopLevelModelHasNoCommandsOptionsAndReadsNoAnnotation() {
    CommandLine cli = topLevel("--help");
    assertEquals(Main.visibleCommandNames().size() + 1, cli.getSubcommands().size(), "each command, generate-completion too");
    cli.getSubcommands().values().forEach(sub -> {
      assertEquals(0, sub.getCommandSpec().options().size(), sub.getCommandName());
      assertEquals(null, sub.getCommandSpec().userObject(), sub.getCommandName() + " is a name and a header only");
    });
    assertEquals(null, cli.getCommandSpec().userObject(), "the top-level command is not Main's annotated instance");
  }
}
