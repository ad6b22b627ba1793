package dev.ackrelease.steps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformTest {

  @Test
  void parsesTheListInOrder() {
    assertEquals(List.of(Platform.LINUX_ARM64, Platform.LINUX_AMD64), Platform.parseList("linux/arm64, linux/amd64"));
    assertEquals(List.of(Platform.LINUX_AMD64), Platform.parseList("linux/amd64"));
    assertEquals("linux/arm64", Platform.LINUX_ARM64.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"linux/arm64/v8", "windows/amd64", "linux/386", "amd64", "", ",", " , ,", "linux/amd64,linux/amd64"})
  void rejectsOthersAsInvalidInput(String text) {
    ReleaseException e = assertThrows(ReleaseException.class, () -> Platform.parseList(text));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
  }

  @Test
  void elfHeaderOfTheWrongArchitectureIsRefused(@TempDir Path tmp) throws Exception {
    Path notElf = Files.writeString(tmp.resolve("script"), "#!/bin/sh\necho hi\n");
    assertEquals(ReleaseException.Kind.INVALID_INPUT,
        assertThrows(ReleaseException.class, () -> ElfBinary.read(notElf)).kind());

    Path arm = SampleController.binaries(tmp, SampleController.INFO, List.of(Platform.LINUX_ARM64)).get(Platform.LINUX_ARM64);
    ReleaseException e = assertThrows(ReleaseException.class, () -> ElfBinary.requireFor(arm, Platform.LINUX_AMD64));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("is for linux/arm64, not linux/amd64"), e.getMessage());
    assertEquals(183, ElfBinary.requireFor(arm, Platform.LINUX_ARM64).machine());
  }
}
