package dev.ackrelease.steps.tag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.chart.HelmLimits;
import dev.ackrelease.testing.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.net.ServerSocket;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The tag rule against real repositories: an annotated tag at HEAD, pushed without ever moving
 * a tag (the remote is asked first: the same commit is success, another commit is refused with
 * nothing created), every refusal exit 3 with nothing changed, a remote that cannot be read or
 * that rejects the push a remote failure naming why.
 */
class TagReleaseTest {

  static final Retry.Policy FAST = new Retry.Policy(2, Duration.ofMillis(1));

  @TempDir Path tmp;
  GitFixture repo;
  final List<String> logged = new ArrayList<>();

  @BeforeEach
  void controller() {
    repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "0.1.0");
  }

  @AfterEach
  void close() {
    repo.close();
  }

  TagRelease.Result tag(String version, boolean push, String remote, boolean dryRun) {
    return new TagRelease(logged::add, FAST, Map.of()).run(new TagRelease.Request(repo.dir(), version, push, remote, false, dryRun));
  }

  static ReleaseException failure(ReleaseException.Kind kind, Runnable r) {
    ReleaseException e = assertThrows(ReleaseException.class, r::run);
    assertEquals(kind, e.kind(), e.getMessage());
    return e;
  }

  String remoteTags(Path bare) {
    return repo.git("ls-remote", "--tags", bare.toUri().toString());
  }

  @Test
  void aTagIsCreatedAndPushedAndARerunFindsItThere() {
    Path bare = repo.addBareRemote("origin");
    TagRelease.Result created = tag("v0.1.0", true, "origin", false);
    assertEquals(new TagRelease.Result("v0.1.0", "0.1.0", repo.head(), TagRelease.Action.CREATED, TagRelease.Push.PUSHED, "origin",
        null), created);
    assertTrue(remoteTags(bare).contains("refs/tags/v0.1.0"), remoteTags(bare));
    assertTrue(logged.contains("pushed v0.1.0 to origin"), logged.toString());

    logged.clear();
    TagRelease.Result again = tag("v0.1.0", true, "origin", false);
    assertEquals(TagRelease.Action.ALREADY_TAGGED, again.action());
    assertEquals(TagRelease.Push.ALREADY_THERE, again.push(), "the remote had it: this run pushed nothing");
    assertFalse(again.pushed());
    assertTrue(logged.contains("v0.1.0 is already on origin: nothing to push"), logged.toString());
    TagRelease.Result dry = tag("v0.1.0", true, "origin", true);
    assertFalse(dry.pushed(), "a dry run pushes nothing");
    assertEquals("origin", dry.remote());
    TagRelease.Result local = tag("v0.1.0", false, "origin", false);
    assertNull(local.remote());
    assertFalse(local.pushed());
  }

  @Test
  void anExistingLocalTagIsPushedWhenTheRemoteLacksIt() {
    Path bare = repo.addBareRemote("origin");
    tag("v0.1.0", false, "origin", false);
    assertFalse(remoteTags(bare).contains("v0.1.0"));
    TagRelease.Result pushed = tag("v0.1.0", true, "origin", false);
    assertEquals(TagRelease.Action.ALREADY_TAGGED, pushed.action());
    assertTrue(pushed.pushed());
    assertTrue(remoteTags(bare).contains("refs/tags/v0.1.0"));
  }

  @Test
  void aDryRunCreatesNothingAndNamesThePreviousRelease() {
    Path bare = repo.addBareRemote("origin");
    tag("v0.1.0", true, "origin", false);
    repo.writeHelm("s3", "0.1.1");
    repo.commit("Release v0.1.1");
    TagRelease.Result dry = tag("v0.1.1", true, "origin", true);
    assertEquals(new TagRelease.Result("v0.1.1", "0.1.1", repo.head(), TagRelease.Action.WOULD_CREATE, TagRelease.Push.NONE, "origin",
        "v0.1.0"),
        dry);
    assertFalse(repo.tags().contains("v0.1.1"));
    assertFalse(remoteTags(bare).contains("v0.1.1"));
    TagRelease.Result created = tag("v0.1.1", false, "origin", false);
    assertEquals("v0.1.0", created.previousRelease());
    assertNull(created.remote());
    assertFalse(created.pushed());
    assertFalse(remoteTags(bare).contains("v0.1.1"));
  }

  /**
   * Where git would sign an annotated tag (tag.gpgSign, tag.forceSignAnnotated) ack-release,
   * which cannot sign, refuses (a dry run too) rather than make an unsigned tag, with nothing
   * created or pushed; the fix is git's signed tag, which a run with --push then pushes.
   */
  @Test
  void whereGitWouldSignTheTagItIsRefusedWithGitsCommandAndNothingIsCreated() {
    Path bare = repo.addBareRemote("origin");
    for (String key : List.of("tag.gpgSign", "tag.forceSignAnnotated")) {
      repo.git("config", key, "true");
      for (boolean dryRun : List.of(false, true)) {
        ReleaseException e = failure(ReleaseException.Kind.REFUSED, () -> tag("v0.1.0", true, "origin", dryRun));
        assertEquals(key + " is set in your git config, so git would sign, and ack-release cannot sign tags (it would make an"
            + " unsigned one): make it signed with git: git -C " + repo.dir() + " tag -s -m v0.1.0 v0.1.0 && ack-release tag"
            + " v0.1.0 --push --controller-dir " + repo.dir(), e.getMessage());
      }
      ReleaseException local = failure(ReleaseException.Kind.REFUSED, () -> tag("v0.1.0", false, "origin", false));
      assertTrue(local.getMessage().endsWith(": make it signed with git: git -C " + repo.dir() + " tag -s -m v0.1.0 v0.1.0"),
          local.getMessage());
      repo.git("config", "--unset", key);
    }
    assertEquals(List.of(), repo.tags());
    assertEquals("", remoteTags(bare));
  }

  @Test
  void aTagRefGitCannotCreateNowIsRefusedBeforeAnythingIsWrittenOrAsked() throws Exception {
    Path bare = repo.addBareRemote("origin");
    Path lock = Files.createDirectories(repo.dir().resolve(".git/refs/tags")).resolve("v0.1.0.lock");
    Files.writeString(lock, "");
    ReleaseException locked = failure(ReleaseException.Kind.REFUSED, () -> tag("v0.1.0", true, "origin", false));
    assertEquals("cannot create v0.1.0: " + lock.toRealPath() + " exists (another git command is running here, or one was"
        + " stopped): when none is running, delete " + lock.toRealPath() + " and run again", locked.getMessage());
    assertEquals(List.of(), repo.tags(), "nothing created");
    Files.delete(lock);

    // git keeps refs/tags/v0.1.0/rc and refs/tags/v0.1.0 as a directory and a file: not both.
    repo.git("update-ref", "refs/tags/v0.1.0/rc", "HEAD");
    ReleaseException clash = failure(ReleaseException.Kind.REFUSED, () -> tag("v0.1.0", true, "origin", false));
    assertEquals("cannot create v0.1.0: v0.1.0/rc exists, and git cannot keep both (one name is a prefix of the other): pass"
        + " another name, or delete v0.1.0/rc", clash.getMessage());
    assertEquals("", remoteTags(bare), "the remote was not written");
  }

  @Test
  void aRemoteThatIsNotThereIsInvalidInputNamingTheOnesThatAre() {
    ReleaseException none = failure(ReleaseException.Kind.INVALID_INPUT, () -> tag("v0.1.0", true, "origin", false));
    assertEquals("no git remote named 'origin': this clone has no remote; add one (git remote add origin URL) or tag without"
        + " --push", none.getMessage());
    repo.addBareRemote("upstream");
    repo.addBareRemote("fork");
    ReleaseException other = failure(ReleaseException.Kind.INVALID_INPUT, () -> tag("v0.1.0", true, "origin", false));
    assertEquals("no git remote named 'origin': pass --remote fork or --remote upstream", other.getMessage());
    assertEquals(List.of(), repo.tags(), "nothing created");
  }

  @Test
  void aTagTheRemoteHasOnAnotherCommitIsRefusedAndNothingIsCreated() throws Exception {
    Path bare = repo.addBareRemote("origin");
    String first = repo.head();
    tag("v0.1.0", true, "origin", false);
    repo.git("tag", "-d", "v0.1.0");
    repo.write("more.txt", "x");
    repo.commit("More");
    ReleaseException e = failure(ReleaseException.Kind.REFUSED, () -> tag("v0.1.0", true, "origin", false));
    String dir = " --controller-dir " + repo.dir();
    assertEquals("tag v0.1.0 is already on origin at commit " + first + ", but here it would name " + repo.head() + ": a released"
        + " tag never moves; release the next version from this commit: git -C " + repo.dir() + " fetch origin tag v0.1.0 &&"
        + " ack-release build-artifacts v0.1.1 --service s3" + dir + " && git -C " + repo.dir() + " commit -a -m 'Release"
        + " artifacts for release v0.1.1' && ack-release tag v0.1.1 --push" + dir, e.getMessage());
    assertEquals(List.of(), repo.tags());
    assertTrue(remoteTags(bare).contains("refs/tags/v0.1.0"));

    // The same tag made here on HEAD: the remote's takes its place before the next version.
    repo.tag("v0.1.0");
    ReleaseException local = failure(ReleaseException.Kind.REFUSED, () -> tag("v0.1.0", true, "origin", false));
    assertTrue(local.getMessage().contains("; release the next version from this commit: git -C " + repo.dir() + " tag -d v0.1.0"
        + " && git -C " + repo.dir() + " fetch origin tag v0.1.0 && ack-release build-artifacts v0.1.1"), local.getMessage());
  }

  @Test
  void aLightweightTagOnTheRemoteIsReadThroughToItsCommit() {
    repo.addBareRemote("origin");
    repo.git("tag", "v0.1.0");
    repo.git("push", "-q", "origin", "v0.1.0");
    repo.git("tag", "-d", "v0.1.0");
    TagRelease.Result r = tag("v0.1.0", true, "origin", false);
    assertEquals(TagRelease.Action.CREATED, r.action());
    assertTrue(logged.contains("v0.1.0 is already on origin: nothing to push"), logged.toString());

    // On a commit this clone does not have: refused, naming it.
    GitFixture other = GitFixture.controller(tmp.resolve("other"), "s3", "0.1.0");
    other.write("only-there.txt", "x");
    String foreign = other.commit("Only there").getName();
    other.git("tag", "v0.1.1");
    other.git("push", "-q", repo.dir().resolveSibling(repo.dir().getFileName() + "-origin.git").toUri().toString(), "v0.1.1");
    other.close();
    repo.writeHelm("s3", "0.1.1");
    repo.commit("Release v0.1.1");
    ReleaseException e = failure(ReleaseException.Kind.REFUSED, () -> tag("v0.1.1", true, "origin", false));
    assertTrue(e.getMessage().startsWith("tag v0.1.1 is already on origin at commit " + foreign + ", but here"), e.getMessage());
  }

  @Test
  void tagsThatAreThereAlreadyAreRefusedUnlessAnnotatedOnHead() {
    String first = repo.head();
    repo.tag("v0.1.0");
    repo.write("x.txt", "x");
    repo.commit("After");
    ReleaseException moved = failure(ReleaseException.Kind.REFUSED, () -> tag("v0.1.0", false, "origin", false));
    assertEquals("tag v0.1.0 already exists on commit " + first.substring(0, 7) + ", not on HEAD " + repo.head().substring(0, 7)
        + ": release a new version instead of moving a published tag", moved.getMessage());

    repo.git("tag", "v0.1.1");
    ReleaseException lightweight = failure(ReleaseException.Kind.REFUSED, () -> tag("v0.1.1", false, "origin", false));
    assertTrue(lightweight.getMessage().startsWith("tag v0.1.1 on HEAD is a lightweight tag"), lightweight.getMessage());

  }

  @Test
  void aDirtyTreeOrAVersionThatDoesNotFollowTheNewestReleaseIsRefusedWithNothingCreated() throws Exception {
    repo.tag("v0.1.0");
    repo.writeHelm("s3", "0.3.0");
    repo.commit("Release v0.3.0");
    ReleaseException skips = failure(ReleaseException.Kind.REFUSED, () -> tag("v0.3.0", false, "origin", false));
    assertEquals("v0.3.0 skips ahead of the newest release v0.1.0: the next release is v0.1.1, v0.2.0 or (with --allow-major)"
        + " v1.0.0", skips.getMessage());

    repo.writeHelm("s3", "0.1.1");
    repo.commit("Release v0.1.1");
    Files.writeString(repo.dir().resolve("helm/values.yaml"), "# not committed\n", StandardOpenOption.APPEND);
    ReleaseException dirty = failure(ReleaseException.Kind.REFUSED, () -> tag("v0.1.1", false, "origin", false));
    assertEquals("the work tree has uncommitted changes (helm/values.yaml): commit or stash them before you tag a release",
        dirty.getMessage());
    assertEquals(List.of("v0.1.0"), repo.tags(), "nothing created");
  }

  @Test
  void theReleaseFilesMustCarryTheVersionBeforeTagging() throws Exception {
    repo.tag("v0.1.0");
    repo.write("docs.md", "after the release\n");
    repo.commit("Docs");
    ReleaseException wrong = failure(ReleaseException.Kind.REFUSED, () -> tag("v0.1.1", false, "origin", false));
    assertEquals("helm/Chart.yaml version is 0.1.0, not 0.1.1: run ack-release build-artifacts v0.1.1 --service s3,"
        + " commit, then tag", wrong.getMessage());
    // Without a chart name the service is not known: the fix names a placeholder.
    repo.write("helm/Chart.yaml", "apiVersion: v1\nversion: 0.1.0\n");
    repo.commit("No name");
    Path moved = Files.move(repo.dir(), tmp.resolve("plain-dir"));
    ReleaseException unknown = failure(ReleaseException.Kind.REFUSED, () -> new TagRelease(logged::add, FAST, Map.of()).run(
        new TagRelease.Request(moved, "v0.1.1", false, "origin", false, false)));
    assertTrue(unknown.getMessage().endsWith("build-artifacts v0.1.1 --service <service>, commit, then tag"), unknown.getMessage());
  }

  /**
   * A commit whose helm/ publish would refuse when it exports the chart (CommittedChart, as
   * CheckInputs runs it) is not tagged, with the same exit code publish gives: a
   * symlink exit 3, a file over Helm's limit exit 2; the fix is to mend helm/ and tag again.
   * Nothing is created, a dry run included; once helm/ is mended the commit is tagged.
   */
  @Test
  void aChartPublishWouldRefuseIsNotTagged() throws Exception {
    Files.createDirectories(repo.dir().resolve("helm/templates"));
    Files.createSymbolicLink(repo.dir().resolve("helm/templates/x.txt"), Path.of("../../go.mod"));
    repo.git("add", "helm");
    repo.git("commit", "-q", "-m", "link");
    String commit = repo.head().substring(0, 12);
    for (boolean dryRun : new boolean[] {false, true}) {
      ReleaseException link = failure(ReleaseException.Kind.REFUSED, () -> tag("v0.1.0", false, "origin", dryRun));
      assertEquals("helm/templates/x.txt in commit " + commit + " is a symlink: a chart ships only committed files; replace it"
          + " with the file itself, commit, and run ack-release tag v0.1.0 again", link.getMessage());
      assertEquals(List.of(), repo.tags(), "nothing created");
    }
    assertEquals("", repo.git("for-each-ref", "refs/tags"), "no tag ref");

    Files.delete(repo.dir().resolve("helm/templates/x.txt"));
    repo.write("helm/templates/x.txt", "x".repeat((int) HelmLimits.MAX_FILE + 1));
    repo.commit("A file over Helm's limit");
    ReleaseException big = failure(ReleaseException.Kind.INVALID_INPUT, () -> tag("v0.1.0", false, "origin", false));
    assertTrue(big.getMessage().startsWith("chart file helm/templates/x.txt is 5242881 bytes, over Helm's limit of 5242880 bytes"), big.getMessage());
    assertEquals(List.of(), repo.tags(), "nothing created");

    repo.write("helm/templates/x.txt", "x\n");
    repo.commit("Mended");
    assertEquals(TagRelease.Action.CREATED, tag("v0.1.0", false, "origin", false).action());
    assertEquals(List.of("v0.1.0"), repo.tags());
  }

  /**
   * A file over Helm's limit that helm/.helmignore of the commit ignores does not stop the tag
   * (Helm's LoadDir skips it before its size check; CommittedChart), one it does not ignore
   * still does, with exit 2.
   */
  @Test
  void aLargeFileTheHelmignoreIgnoresIsTaggedOneItDoesNotIsNot() throws Exception {
    repo.write("helm/.helmignore", "docs/\n");
    repo.write("helm/files/big.bin", "x".repeat((int) HelmLimits.MAX_FILE + 1));
    repo.commit("A large file not ignored");
    ReleaseException big = failure(ReleaseException.Kind.INVALID_INPUT, () -> tag("v0.1.0", false, "origin", false));
    assertTrue(big.getMessage().startsWith("chart file helm/files/big.bin is "), big.getMessage());
    assertEquals(List.of(), repo.tags(), "nothing created");

    Files.createDirectories(repo.dir().resolve("helm/docs"));
    Files.move(repo.dir().resolve("helm/files/big.bin"), repo.dir().resolve("helm/docs/big.bin"));
    repo.commit("The large file where .helmignore ignores it");
    assertEquals(TagRelease.Action.CREATED, tag("v0.1.0", false, "origin", false).action());
    assertEquals(List.of("v0.1.0"), repo.tags());
  }

  /** Files within Helm's limit one by one but over its 100 MiB together are not tagged either (HelmLimits.requireChart). */
  @Test
  void aChartOverHelmsLimitAltogetherIsNotTagged() throws Exception {
    byte[] fiveMib = new byte[(int) HelmLimits.MAX_FILE];
    for (int i = 0; i < 21; i++) {
      Path part = repo.dir().resolve("helm/files/part-" + i + ".bin");
      Files.createDirectories(part.getParent());
      Files.write(part, fiveMib);
    }
    repo.commit("Too much altogether");
    ReleaseException big = failure(ReleaseException.Kind.INVALID_INPUT, () -> tag("v0.1.0", false, "origin", false));
    assertTrue(big.getMessage().contains("over Helm's limit of 100.0 MiB"), big.getMessage());
    assertEquals(List.of(), repo.tags(), "nothing created");
  }

  @Test
  void theImageTagInValuesYamlMustCarryTheVersionToo() throws Exception {
    repo.tag("v0.1.0");
    repo.writeHelm("s3", "0.1.1");
    repo.write("helm/values.yaml", Files.readString(repo.dir().resolve("helm/values.yaml")).replace("tag: 0.1.1", "tag: 0.1.0"));
    repo.commit("Chart moved, image tag not");
    ReleaseException wrong = failure(ReleaseException.Kind.REFUSED, () -> tag("v0.1.1", false, "origin", false));
    assertEquals("helm/values.yaml image.tag is 0.1.0, not 0.1.1: run ack-release build-artifacts v0.1.1 --service s3,"
        + " commit, then tag", wrong.getMessage());
    assertEquals(List.of("v0.1.0"), repo.tags(), "nothing created");
  }

  @Test
  void aRemoteThatCannotBeReadOrRefusesThePushIsARemoteFailure() throws Exception {
    repo.git("remote", "add", "origin", tmp.resolve("no-such-repo.git").toUri().toString());
    ReleaseException unreadable = failure(ReleaseException.Kind.REMOTE, () -> tag("v0.1.0", true, "origin", false));
    String m = unreadable.getMessage();
    assertTrue(m.startsWith("cannot read the tags of origin (file:/") && m.endsWith(tmp.resolve("no-such-repo.git") + ": not"
        + " found.): fix access to the remote (git ls-remote --tags origin) and run again with --push"), m);
    assertTrue(logged.stream().noneMatch(l -> l.contains("retrying")), "a remote that is not there is not asked again: " + logged);
    assertEquals(List.of(), repo.tags(), "the remote is asked before the tag is made");

    // A ref the remote cannot create (a directory of tags is in its way).
    repo.git("remote", "remove", "origin");
    Path bare = repo.addBareRemote("origin");
    repo.git("tag", "-a", "v0.1.0/blocker", "-m", "x");
    repo.git("push", "-q", "origin", "v0.1.0/blocker");
    repo.git("tag", "-d", "v0.1.0/blocker");
    ReleaseException rejected = failure(ReleaseException.Kind.REMOTE, () -> tag("v0.1.0", true, "origin", false));
    assertEquals("push of tag v0.1.0 to origin was rejected (rejected other reason: failed to update ref; remote: error: cannot"
        + " lock ref 'refs/tags/v0.1.0': 'refs/tags/v0.1.0/blocker' exists; cannot create 'refs/tags/v0.1.0'); the local tag"
        + " stays: check the remote's tag and run again with --push", rejected.getMessage());
    assertTrue(repo.tags().contains("v0.1.0"), "the local tag stays");
    assertFalse(remoteTags(bare).contains("refs/tags/v0.1.0\n"));
  }

  /**
   * A remote that is a local path runs its own hooks, as git push does: a pre-receive hook that
   * refuses the tag is the push's refusal, with the hook's words; the remote has no tag.
   */
  @Test
  void aLocalPathRemotesPreReceiveHookRefusesThePush() throws Exception {
    Path bare = tmp.resolve("rej.git");
    repo.git("init", "-q", "--bare", bare.toString());
    Path hooks = Files.createDirectories(bare.resolve("hooks"));
    Path hook = Files.writeString(hooks.resolve("pre-receive"), "#!/bin/sh\necho 'tags are frozen here' >&2\nexit 1\n");
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
    repo.git("remote", "add", "origin", bare.toString());
    ReleaseException e = failure(ReleaseException.Kind.REMOTE, () -> tag("v0.1.0", true, "origin", false));
    assertEquals("push of tag v0.1.0 to origin was rejected (rejected other reason: pre-receive hook declined; remote: tags are"
        + " frozen here); the local tag stays: check the remote's tag and run again with --push", e.getMessage());
    assertEquals("", repo.git("ls-remote", "--tags", bare.toString()), "the hook kept the tag out");
  }

  @Test
  void aRemoteThatRefusesConnectionsIsRetriedThenAFailure() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    repo.git("remote", "add", "origin", "http://127.0.0.1:" + closed + "/s3-controller.git");
    ReleaseException e = failure(ReleaseException.Kind.REMOTE, () -> tag("v0.1.0", true, "origin", false));
    assertTrue(e.getMessage().startsWith("cannot read the tags of origin ("), e.getMessage());
    assertTrue(logged.stream().anyMatch(l -> l.startsWith("ls-remote of origin failed (")), "retried: " + logged);
  }
}
