package dev.ackrelease.steps.io;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CAs a registry's certificate is checked against, as Go's {@code crypto/x509} reads them for
 * crane, cosign and skopeo ({@code root_unix.go}, {@code loadSystemRoots}): {@code SSL_CERT_FILE}
 * in place of the default bundle file, {@code SSL_CERT_DIR} (directories, {@code :}-separated) in
 * place of the default directories, and the roots the certificates both hold. The JVM's CAs stand
 * for those defaults (on Debian, Ubuntu, Fedora, Alpine, Amazon Linux the default file and the
 * default directories each hold every system CA), so they stay trusted unless both variables are
 * set, as in Go. Only {@code CERTIFICATE} blocks of PEM are read, a bad one skipped
 * ({@code AppendCertsFromPEM}); in a directory, a symbolic link to a file in the same directory is
 * read once (Go's {@code isSameDirSymlink}).
 *
 * <p>Unlike Go, which goes on with what it could read, a file that is missing, unreadable or holds
 * no certificate, and a directory that is missing or holds none, is bad input: exit 2, naming the
 * variable. What the names are (a file, directories) is checked when the variables are read; what
 * they hold is read, and checked, at the first TLS connection that needs it, before anything is
 * pushed there. Many machines set both variables to the system's own CAs: parsing those ~140
 * certificates twice took ~190 ms of every run, a plain-HTTP registry's included. Unset, nothing
 * is read.
 */
public record SystemRoots(Optional<Path> file, List<Path> dirs, Certificates read) {

  /**
   * The certificates of the file and directories {@link #read} checked, read at the first call
   * (once for every client of a run); the variables' values are what a refusal names.
   */
  public static final class Certificates {
    private final Optional<Path> file;
    private final List<Path> dirs;
    private final String fileValue;
    private final String dirsValue;
    private List<Certificate> read;

    Certificates(Optional<Path> file, List<Path> dirs, String fileValue, String dirsValue) {
      this.file = file;
      this.dirs = List.copyOf(dirs);
      this.fileValue = fileValue;
      this.dirsValue = dirsValue;
    }

    synchronized List<Certificate> get() {
      if (read == null) {
        read = List.copyOf(certificatesOf(file, dirs, fileValue, dirsValue));
      }
      return read;
    }
  }

  public static final String FILE_ENV = "SSL_CERT_FILE";
  public static final String DIR_ENV = "SSL_CERT_DIR";

  /** The JVM's CAs alone: neither variable set. */
  public static final SystemRoots JVM = new SystemRoots(Optional.empty(), List.of(), new Certificates(Optional.empty(), List.of(), "", ""));

  private static final Pattern PEM = Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]*?)-----END CERTIFICATE-----");

  public SystemRoots {
    dirs = List.copyOf(dirs);
  }

  /**
   * The certificates the variables name; read at the first call. Bad input (exit 2) when the file
   * or the directories hold none or cannot be read.
   */
  public List<Certificate> certificates() {
    return read.get();
  }

  /**
   * The roots {@code env} names, the names checked now (exit 2); {@link #JVM} when it sets neither
   * variable. Each call makes new roots whose certificates are read at their first use: a run
   * makes one ({@code RegistryAuthOptions}) and gives it to every client, so it reads them once.
   */
  public static SystemRoots of(Map<String, String> env) {
    String file = env.getOrDefault(FILE_ENV, "");
    String dirs = env.getOrDefault(DIR_ENV, "");
    if (file.isEmpty() && dirs.isEmpty()) {
      return JVM;
    }
    return read(file, dirs);
  }

  /** Whether the JVM's CAs alone are trusted (the variables are unset): no TLS context of ours is needed for them. */
  public boolean isJvm() {
    return file.isEmpty() && dirs.isEmpty();
  }

  /** Whether the JVM's CAs stay trusted: unless both variables replace Go's defaults. */
  public boolean keepsJvmRoots() {
    return file.isEmpty() || dirs.isEmpty();
  }

  /** What a log line says of them: empty for the JVM's. */
  public String describe() {
    return (file.map(f -> ", " + FILE_ENV + " " + f).orElse("")) + (dirs.isEmpty() ? "" : ", " + DIR_ENV + " "
        + String.join(":", dirs.stream().map(Path::toString).toList()));
  }

  /** What the variables name, checked to be a file and directories; their certificates read later. */
  private static SystemRoots read(String file, String dirs) {
    Optional<Path> certFile = Optional.empty();
    if (!file.isEmpty()) {
      Path path = PathInput.of(file, FILE_ENV, "point it at a PEM file of CA certificates, or unset it");
      certFile = Optional.of(path);
      if (!Files.isRegularFile(path)) {
        throw bad(FILE_ENV, file, Files.isDirectory(path) ? "is a directory (a directory of CA files is " + DIR_ENV + ")"
            : Files.exists(path) ? "is not a file" : "does not exist");
      }
    }
    List<Path> certDirs = new ArrayList<>();
    for (String dir : dirs.split(":")) {
      if (dir.isEmpty()) {
        continue;
      }
      Path path = PathInput.of(dir, DIR_ENV, "list directories of PEM CA files, separated by ':', or unset it");
      if (!Files.isDirectory(path)) {
        throw bad(DIR_ENV, dirs, "names " + dir + ", which is no directory");
      }
      certDirs.add(path);
    }
    return new SystemRoots(certFile, certDirs, new Certificates(certFile, certDirs, file, dirs));
  }

  /** The certificates of {@code file} and of the directories {@code dirs}, which {@link #read} checked. */
  static List<Certificate> certificatesOf(Optional<Path> file, List<Path> dirs, String fileValue, String dirsValue) {
    List<Certificate> certs = new ArrayList<>();
    if (file.isPresent()) {
      List<Certificate> read = certificates(file.get(), FILE_ENV, fileValue);
      if (read.isEmpty()) {
        throw bad(FILE_ENV, fileValue, "holds no PEM certificate");
      }
      certs.addAll(read);
    }
    if (!dirsValue.isEmpty()) {
      int before = certs.size();
      for (Path dir : dirs) {
        certs.addAll(directory(dir, dirsValue));
      }
      if (certs.size() == before) {
        throw bad(DIR_ENV, dirsValue, "holds no PEM certificate");
      }
    }
    return certs;
  }

  /** The certificates of each file in {@code dir} (one read once when a link in the directory points to it). */
  private static List<Certificate> directory(Path dir, String value) {
    List<Certificate> certs = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        boolean sameDirLink = Files.isSymbolicLink(entry) && !Files.readSymbolicLink(entry).toString().contains("/");
        if (!sameDirLink && Files.isRegularFile(entry) && Files.isReadable(entry)) {
          certs.addAll(certificates(entry, DIR_ENV, value));
        }
      }
    } catch (IOException | DirectoryIteratorException e) {
      throw bad(DIR_ENV, value, "names " + dir + ", which cannot be read (" + Echo.value(String.valueOf(e.getMessage())) + ")");
    }
    return certs;
  }

  /** The certificates of the PEM {@code CERTIFICATE} blocks in {@code path}, each that parses. */
  private static List<Certificate> certificates(Path path, String variable, String value) {
    String text;
    try {
      text = new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      String why = e instanceof AccessDeniedException ? "permission denied" : Echo.value(String.valueOf(e.getMessage()));
      throw bad(variable, value, (variable.equals(FILE_ENV) ? "" : "names " + path + ", which ") + "cannot be read (" + why + ")");
    }
    List<Certificate> certs = new ArrayList<>();
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      try {
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        certs.add(CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)));
      } catch (CertificateException | IllegalArgumentException e) {
        // as Go's AppendCertsFromPEM: a block that is no certificate is skipped
      }
    }
    return certs;
  }

  private static ReleaseException bad(String variable, String value, String problem) {
    String fix = variable.equals(FILE_ENV) ? "export " + FILE_ENV + "=/etc/ssl/certs/ca-certificates.crt (a PEM bundle of CAs)"
        : "export " + DIR_ENV + "=/etc/ssl/certs (directories of PEM CA files, ':'-separated)";
    return ReleaseException.invalidIn(variable, variable + "='" + Echo.value(value) + "' " + problem + ": point it at what the"
        + " registry's CA is in, or unset it (unset " + variable + "), e.g. " + fix);
  }
}
