package dev.ackrelease.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A real {@code docker-credential-<name>} executable (a shell script) for tests: {@code get} reads
 * the host from stdin, records it in {@code asked}, and answers the credentials for
 * {@code knownHost} or exits 1 with "credentials not found in native keychain", as Docker's
 * helpers do.
 */
public final class CredentialHelper {

  private CredentialHelper() {}

  public static Path write(Path binDir, String name, String knownHost, String user, String secret, Path asked) throws IOException {
    Files.createDirectories(binDir);
    Path helper = binDir.resolve("docker-credential-" + name);
    Files.writeString(helper, """
        #!/bin/sh
        [ "$1" = get ] || exit 2
        read host
        echo "$host" >> "%s"
        if [ "$host" != "%s" ]; then echo "credentials not found in native keychain"; exit 1; fi
        printf '{"ServerURL":"%%s","Username":"%s","Secret":"%s"}' "$host"
        """.formatted(asked, knownHost, user, secret));
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
    return helper;
  }
}
