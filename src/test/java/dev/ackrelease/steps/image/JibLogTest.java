package dev.ackrelease.steps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.cloud.tools.jib.api.LogEvent;
import dev.ackrelease.steps.Log;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Jib's log lines as ack-release shows them. */
class JibLogTest {

  final List<String> infos = new ArrayList<>();
  final List<String> details = new ArrayList<>();
  final Log log = new Log() {
    @Override
    public void info(String message) {
      infos.add(message);
    }

    @Override
    public void detail(String message) {
      details.add(message);
    }
  };

  /**
   * jib-core's {@code RegistryEndpointCaller.logError} colours its lines ("\u001B[31;1mI/O error
   * for image [...]:\u001B[0m"): the colours are dropped, where the log would show them escaped.
   */
  @Test
  void jibsColoursAreDroppedAndItsWordsKept() {
    JibLog jib = new JibLog(log);
    jib.accept(LogEvent.error("\u001B[31;1mI/O error for image [registry.test:5000/ack/base]:\u001B[0m"));
    jib.accept(LogEvent.error("\u001B[31;1m    Connect to registry.test:5000 failed: Connection refused\u001B[0m"));
    jib.accept(LogEvent.warn("a \u001B]0;title\u0007 that is no colour stays"));
    assertEquals(List.of("jib: I/O error for image [registry.test:5000/ack/base]:",
        "jib:     Connect to registry.test:5000 failed: Connection refused", "jib: a \u001B]0;title\u0007 that is no colour stays"), infos);
  }

  @Test
  void fallingBackAndTheBaseImageAreDetailsAndTheRestIsLeftOut() {
    JibLog jib = new JibLog(log);
    jib.accept(LogEvent.warn("Failed to connect to https://registry.test:5000/v2/ over HTTPS. Attempting again with HTTP."));
    jib.accept(LogEvent.lifecycle("Using base image with digest: sha256:0123"));
    jib.accept(LogEvent.lifecycle("Containerizing application..."));
    jib.accept(LogEvent.info("pushing"));
    jib.accept(LogEvent.debug("debug"));
    assertEquals(List.of(), infos);
    assertEquals(List.of("jib: Failed to connect to https://registry.test:5000/v2/ over HTTPS. Attempting again with HTTP.",
        "jib: Using base image with digest: sha256:0123"), details);
  }
}
