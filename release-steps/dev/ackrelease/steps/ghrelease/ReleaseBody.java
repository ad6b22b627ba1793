package dev.ackrelease.steps.ghrelease;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.github.GitHubTarget;
import dev.ackrelease.steps.notes.ReleaseNotes;
import java.util.List;
import java.util.Optional;

/**
 * The body of a controller's GitHub release: the notes; a table of what was published with
 * digests; how to install it ({@code helm install oci://... --version}, the CRDs with
 * {@code kubectl apply}); how to check it ({@code cosign verify} and {@code verify-attestation}
 * with the release key, {@code sha256sum -c}). What ack-release writes sits between two markers:
 * a re-run replaces only that part, so text a maintainer (or ACK's create-release workflow) put
 * around it stays.
 */
public final class ReleaseBody {

  static final String BEGIN = "<!-- ack-release:begin -->";
  static final String END = "<!-- ack-release:end -->";
  /** GitHub refuses a release body over 125000 characters (counted here in UTF-16 units, never fewer than GitHub counts). */
  static final int MAX = 125_000;

  private ReleaseBody() {}

  /**
   * ack-release's part of the body, between the markers: the notes, then the sections that always
   * stay (what was published, how to install and verify it). When the body would be longer than
   * GitHub takes, the notes give way, whole lines from the end, never those sections.
   */
  public record Ours(ReleaseNotes notes, String sections) {

    /** The part in at most {@code room} characters when the notes can give way that far (it may be longer otherwise). */
    String text(int room) {
      int fixed = BEGIN.length() + 1 + 1 + sections.length() + END.length();
      return BEGIN + "\n" + notes.markdown(Math.max(0, room - fixed)) + "\n" + sections + END;
    }
  }

  /** ack-release's part of the body of the release {@code p}. */
  public static Ours of(Published p, ReleaseNotes notes, GitHubTarget target, List<ReleaseAssets.Asset> assets) {
    StringBuilder b = new StringBuilder();
    b.append("### Published\n\n");
    b.append("| artifact | reference | digest |\n|---|---|---|\n");
    for (Published.Artifact a : p.rows()) {
      b.append("| ").append(a.kind()).append(" | `").append(a.ref()).append("` | `").append(a.digest()).append("` |\n");
    }
    String plain = p.version().substring(1);
    String chartRepo = p.chart().ref().substring(0, p.chart().ref().lastIndexOf(':'));
    String http = p.insecure() ? " --plain-http" : "";
    b.append("\n### Install\n\n```sh\n");
    b.append("helm install --create-namespace -n ack-system ack-").append(p.service()).append("-controller").append(http)
        .append(" \\\n  oci://").append(chartRepo).append(" --version ").append(plain).append(" \\\n  --set aws.region=<region>\n```\n");
    Optional<ReleaseAssets.Asset> crds = named(assets, ".crds.yaml");
    crds.ifPresent(c -> b.append("\n`helm upgrade` does not upgrade CRDs: apply this release's before upgrading.\n\n```sh\n")
        .append("kubectl apply --server-side -f ").append(target.downloadUrl(p.version(), c.name())).append("\n```\n"));
    b.append("\n### Verify\n\n```sh\n");
    Optional<ReleaseAssets.Asset> key = named(assets, ReleaseAssets.PUBLIC_KEY);
    if (!p.signatures().isEmpty()) {
      String insecure = p.insecure() ? " --allow-insecure-registry --allow-http-registry" : "";
      String keyRef = key.isPresent() ? ReleaseAssets.PUBLIC_KEY : "<release key>.pub";
      key.ifPresent(k -> b.append("curl -fsSLO ").append(target.downloadUrl(p.version(), k.name())).append('\n'));
      String image = p.image().ref().substring(0, p.image().ref().lastIndexOf(':')) + "@" + p.image().digest();
      b.append("cosign verify --key ").append(keyRef).append(" --insecure-ignore-tlog").append(insecure).append(' ').append(image)
          .append('\n');
      b.append("cosign verify --key ").append(keyRef).append(" --insecure-ignore-tlog").append(insecure).append(' ').append(chartRepo)
          .append('@').append(p.chart().digest()).append('\n');
      if (!p.provenance().isEmpty()) {
        b.append("cosign verify-attestation --key ").append(keyRef).append(" --insecure-ignore-tlog").append(insecure)
            .append(" --type slsaprovenance1 ").append(image).append('\n');
      }
    }
    named(assets, ".checksums.txt").ifPresent(c -> b.append("sha256sum -c ").append(c.name()).append("   # with this release's"
        + " assets downloaded\n"));
    b.append("```\n");
    if (p.signatures().isEmpty()) {
      b.append("\nThis release is not signed.\n");
    }
    return new Ours(notes, b.toString());
  }

  /**
   * {@code ours} in place of ack-release's part of {@code existing} (the text around it kept); a
   * body without the markers keeps its text above ours; an empty one is ours alone. Within
   * GitHub's limit: the notes take the room the text around leaves (so a re-run, around the same
   * text, writes the same body); text around that leaves too little for the fixed sections is
   * refused (exit 3), as cutting a maintainer's text or the install and verify sections would be worse.
   */
  public static String merge(String existing, Ours ours) {
    String body = existing == null ? "" : existing.replace("\r\n", "\n");
    int begin = body.indexOf(BEGIN);
    int end = body.indexOf(END);
    String before;
    String after = "";
    if (begin >= 0 && end > begin) {
      before = body.substring(0, begin);
      after = body.substring(end + END.length());
    } else {
      before = body.isBlank() ? "" : body.stripTrailing() + "\n\n";
    }
    int around = before.length() + after.length();
    String text = ours.text(MAX - around);
    if (around + text.length() > MAX) {
      throw ReleaseException.refused("the GitHub release body has " + around + " characters outside ack-release's part (between "
          + BEGIN + " and " + END + "): with the install and verify sections that passes GitHub's limit of " + MAX
          + " characters; shorten that text on GitHub (edit the release) and run again");
    }
    return before + text + after;
  }

  private static Optional<ReleaseAssets.Asset> named(List<ReleaseAssets.Asset> assets, String suffix) {
    return assets.stream().filter(a -> a.name().endsWith(suffix)).findFirst();
  }
}
