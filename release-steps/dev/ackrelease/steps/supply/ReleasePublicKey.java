package dev.ackrelease.steps.supply;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The public key {@code github-release} verifies the release with and attaches as {@code cosign.pub}:
 * {@code --public-key FILE}, else the public half of {@code --sign-key REF} (publish's key, from the
 * same option, variable and settings key), so a GitHub release made after publish carries what
 * {@code publish --github-release} would. Only the public half is read: a PEM key is opened (its
 * password from {@code ACK_RELEASE_SIGN_KEY_PASSWORD}) and a KMS key asked for its public key
 * ({@code GetPublicKey}); nothing is signed and no private byte leaves {@link SigningKey}.
 */
public final class ReleasePublicKey {

  private ReleasePublicKey() {}

  /**
   * The release key's public half: {@code publicKey}'s when given, else {@code signKey}'s, else none.
   * Both given: they must be one key (exit 2 otherwise, naming both). A bad key is exit 2; a KMS key
   * that cannot be read, exit 4.
   */
  public static Optional<PublicKey> of(Optional<Path> publicKey, Optional<String> signKey, Map<String, String> env) {
    Optional<PublicKey> given = publicKey.map(SigningKey::publicKey);
    Optional<PublicKey> signing = SigningKey.fromOption(signKey, env).map(SigningKey::publicKey);
    if (given.isPresent() && signing.isPresent() && !Arrays.equals(given.get().getEncoded(), signing.get().getEncoded())) {
      throw ReleaseException.invalidInput("--public-key " + Echo.value(publicKey.get().toString()) + " is not the public half"
          + " of --sign-key " + Echo.value(signKey.get()) + ": pass the public key of the key the release was signed with,"
          + " or only --sign-key");
    }
    return given.or(() -> signing);
  }
}
