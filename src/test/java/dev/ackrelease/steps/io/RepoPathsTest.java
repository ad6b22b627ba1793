package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The path rule for release files: inside the repository, never through a symlink. Climbing out
 * or naming the root is exit 2; a link anywhere on the way is exit 3, before anything is read.
 */
class RepoPathsTest {

  @TempDir Path tmp;

  Path repo() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Files.writeString(Files.createDirectories(repo.resolve("helm")).resolve("Chart.yaml"), "name: x\n");
    return repo;
  }

  static ReleaseException.Kind kindOf(Path root, String relative) {
    return assertThrows(ReleaseException.class, () -> RepoPaths.inside(root, relative)).kind();
  }

  @Test
  void aFileInsideIsResolvedWhetherOrNotItExistsYet() throws Exception {
    Path repo = repo();
    assertEquals(repo.resolve("helm/Chart.yaml"), RepoPaths.inside(repo, "helm/Chart.yaml"));
    assertEquals(repo.resolve("helm/templates/NOTES.txt"), RepoPaths.inside(repo, "helm/templates/NOTES.txt"));
    assertEquals(repo.resolve("config/controller/kustomization.yaml"), RepoPaths.inside(repo, "config/controller/kustomization.yaml"));
    assertEquals(repo.resolve("helm/values.yaml"), RepoPaths.inside(repo, "helm/../helm/./values.yaml"));
  }

  @Test
  void aRootReachedThroughALinkIsFine() throws Exception {
    Path repo = repo();
    Path link = Files.createSymbolicLink(tmp.resolve("link-to-repo"), repo);
    assertEquals(link.resolve("helm/Chart.yaml"), RepoPaths.inside(link, "helm/Chart.yaml"));
  }

  @Test
  void climbingOutOrNamingTheRootIsInvalidInput() throws Exception {
    Path repo = repo();
    for (String bad : new String[] {"../outside", "helm/../../x", ".", "", "helm/.."}) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> RepoPaths.inside(repo, bad));
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), bad);
      assertTrue(e.getMessage().contains("is not a path inside " + repo), e.getMessage());
    }
    assertEquals(ReleaseException.Kind.INVALID_INPUT, kindOf(repo, "/etc/passwd"));
  }

  @Test
  void aRootThatDoesNotExistIsInvalidInput() {
    ReleaseException e = assertThrows(ReleaseException.class, () -> RepoPaths.inside(tmp.resolve("nope"), "helm/Chart.yaml"));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("pass an existing --controller-dir"), e.getMessage());
  }

  @Test
  void aLinkedDirectoryOrFileOnTheWayIsRefused() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("values.yaml"), "secret: 1\n");

    Path linkedDir = repo();
    Files.createSymbolicLink(linkedDir.resolve("config"), outside);
    ReleaseException e = assertThrows(ReleaseException.class, () -> RepoPaths.inside(linkedDir, "config/values.yaml"));
    assertEquals(ReleaseException.Kind.REFUSED, e.kind());
    assertTrue(e.getMessage().startsWith("config in "), e.getMessage());

    Files.createSymbolicLink(linkedDir.resolve("helm/values.yaml"), outside.resolve("values.yaml"));
    assertEquals(ReleaseException.Kind.REFUSED, kindOf(linkedDir, "helm/values.yaml"));
    // A link inside the repository pointing inside it is refused too: never through a link.
    Files.createSymbolicLink(linkedDir.resolve("helm/link.yaml"), linkedDir.resolve("helm/Chart.yaml"));
    assertEquals(ReleaseException.Kind.REFUSED, kindOf(linkedDir, "helm/link.yaml"));
    // A dangling link where the file would be written.
    Files.createSymbolicLink(linkedDir.resolve("helm/new.yaml"), tmp.resolve("nowhere"));
    assertEquals(ReleaseException.Kind.REFUSED, kindOf(linkedDir, "helm/new.yaml"));
  }
}
