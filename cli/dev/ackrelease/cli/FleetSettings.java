package dev.ackrelease.cli;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.fleet.Fleet;
import dev.ackrelease.steps.settings.Setting;
import dev.ackrelease.steps.settings.Settings;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * A run over several services gives each option one value, from the settings files of the
 * workspace root (or of the clone it runs in). A service whose own clone would give one of the
 * command's options another value, run alone there, is refused before anything is done (exit 2):
 * a release is the same made alone or with others.
 */
final class FleetSettings {

  /** The options about the run (which services, how many at once, what is printed), not about a service's release. */
  static final Set<String> RUN = Set.of("service", "workspace", "controller-dir", "chart-dir", "parallel", "fail-fast", "report",
      "output", "quiet", "stacktrace");

  private FleetSettings() {}

  static void requireSame(CommandSpec command, List<Fleet.Target> targets) {
    Optional<SettingsProvider> provider = Main.settings(command.commandLine());
    if (provider.isEmpty()) {
      return;
    }
    SettingsProvider settings = provider.get();
    ParseResult parsed = command.commandLine().getParseResult();
    for (Fleet.Target target : targets) {
      if (target.controllerDir() == null) {
        continue;
      }
      Settings alone = Settings.read(Settings.files(target.controllerDir(), false));
      for (OptionSpec option : command.options()) {
        String key = SettingsProvider.key(option);
        Optional<SettingsProvider.Origin> origin = settings.origin(option);
        if (!SettingsProvider.settable(option) || RUN.contains(key) || parsed.hasMatchedOption(option)
            || origin.filter(o -> o.variable() != null).isPresent()) {
          continue; // the same for every service: the command line's, or a variable's
        }
        Optional<String> here = origin.map(SettingsProvider.Origin::text);
        Optional<Setting> own = alone.get(key);
        Optional<String> there = own.map(s -> settings.text(option, s));
        if (!here.equals(there)) {
          throw ReleaseException.invalidInput(own.isPresent()
              ? own.get().origin() + ": " + key + " is " + there.get() + " for " + target.service() + ", but this run over"
                  + " several services takes " + here.orElse("the default") + ": set it in the workspace root's settings"
                  + " for every service, or release " + target.service() + " alone in its clone"
              : origin.get().setting().origin() + ": " + key + " is " + here.get() + " in this run over several services,"
                  + " but " + target.service() + "'s clone does not read that file: set it in the workspace root's settings"
                  + " for every service, or release each alone in its clone");
        }
      }
    }
  }
}
