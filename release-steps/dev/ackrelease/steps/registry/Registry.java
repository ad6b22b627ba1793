package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.Ports;
import java.util.regex.Pattern;

/**
 * Where releases go: a registry host (with optional port) and a namespace path, as in
 * {@code public.ecr.aws/aws-controllers-k8s} or {@code 127.0.0.1:5000/ack}.
 */
public record Registry(String host, String namespace) {

  /** ACK's public registry. */
  public static final String DEFAULT = "public.ecr.aws/aws-controllers-k8s";

  /**
   * The longest {@code host[:port]/name} a repository may have: "many clients impose a limit of
   * 255 characters on the length of the concatenation of the registry hostname (and optional
   * port), /, and {@code <name>} value" (opencontainers/distribution-spec spec.md, Pulling
   * manifests, implementers' note; distribution/reference reference.go
   * RepositoryNameTotalLengthMax, which counts the domain too).
   */
  public static final int MAX_REPOSITORY_REF = 255;

  /** The reference grammar's host (distribution/reference regexp.go domainNameComponent, ipv6address) and optional port. */
  private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
      + "(:[0-9]{1,5})?$|^\\[[0-9a-fA-F:]+\\](:[0-9]{1,5})?$");
  private static final Pattern PATH = Pattern.compile("^[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*$");

  public Registry {
    if (host == null || !HOST.matcher(host).matches()) {
      throw ReleaseException.invalidInput("registry host '" + Echo.value(host) + "' is not a host[:port]: use e.g. " + DEFAULT);
    }
    requirePort(host, "registry host");
    if (namespace != null && namespace.isEmpty()) {
      namespace = null;
    }
    if (namespace != null && !PATH.matcher(namespace).matches()) {
      throw ReleaseException.invalidInput("registry namespace '" + Echo.value(namespace) + "' is not a lower-case path: use e.g. "
          + DEFAULT);
    }
    int length = host.length() + (namespace == null ? 0 : namespace.length() + 1);
    if (length + 2 > MAX_REPOSITORY_REF) {
      throw ReleaseException.invalidInput("registry '" + Echo.value(host + (namespace == null ? "" : "/" + namespace)) + "' is "
          + length + " characters, more than " + (MAX_REPOSITORY_REF - 2) + ", leaving no room for a repository in the "
          + MAX_REPOSITORY_REF + " a reference's name may have (host, '/', name): use a registry of at most "
          + (MAX_REPOSITORY_REF - 2) + " characters, e.g. " + DEFAULT);
    }
  }

  /** Refuses a {@code host:port} whose port is not 1 to 65535; {@code what} names the value in the message. */
  public static void requirePort(String host, String what) {
    int colon = host.lastIndexOf(':');
    if (colon < 0 || host.endsWith("]")) {
      return;
    }
    String port = host.substring(colon + 1);
    if (!port.matches("[0-9]{1,5}") || !Ports.valid(Integer.parseInt(port))) {
      throw ReleaseException.invalidInput(what + " '" + host + "' has port " + port + ", not one from 1 to 65535: use e.g. 127.0.0.1:5000");
    }
  }

  /** Parses {@code host[:port][/namespace...]}, with or without an {@code oci://} prefix. */
  public static Registry parse(String text) {
    if (text == null || text.isBlank()) {
      throw ReleaseException.invalidInput("empty registry: use e.g. " + DEFAULT);
    }
    String t = text.strip().replaceFirst("^oci://", "").replaceAll("/+$", "");
    int slash0 = t.indexOf('/');
    if ((slash0 < 0 ? t : t.substring(0, slash0)).contains("@") || t.replaceFirst("^[a-z]+://", "").split("/")[0].contains("@")) {
      // Never echo it: the part before @ may be a password.
      throw ReleaseException.invalidInput("the registry reference carries credentials (user@ or user:password@): remove them"
          + " and put credentials in ACK_RELEASE_REGISTRY_USERNAME/ACK_RELEASE_REGISTRY_PASSWORD or the Docker config"
          + " (docker login)");
    }
    if (t.contains("://")) {
      throw ReleaseException.invalidInput("registry '" + Echo.value(text) + "' has a URL scheme: give host[/namespace], e.g. " + DEFAULT);
    }
    int slash = t.indexOf('/');
    return slash < 0 ? new Registry(t, null) : new Registry(t.substring(0, slash), t.substring(slash + 1));
  }

  /** The repository path inside the registry: {@code aws-controllers-k8s/s3-controller}. */
  public String repository(String name) {
    return namespace == null ? name : namespace + "/" + name;
  }

  /**
   * A full reference without tag: {@code public.ecr.aws/aws-controllers-k8s/s3-controller}; one
   * longer than {@link #MAX_REPOSITORY_REF} is invalid input.
   */
  public String repositoryRef(String name) {
    String ref = host + "/" + repository(name);
    if (ref.length() > MAX_REPOSITORY_REF) {
      throw ReleaseException.invalidInput("the repository " + Echo.value(ref) + " is " + ref.length() + " characters, more than the "
          + MAX_REPOSITORY_REF + " a reference's name may have (host, '/', name): use a shorter registry namespace");
    }
    return ref;
  }

  /** A full reference with tag: {@code public.ecr.aws/aws-controllers-k8s/s3-chart:1.8.2}. */
  public String ref(String name, String tag) {
    return repositoryRef(name) + ":" + tag;
  }

  /** The host without its port. */
  public String hostName() {
    if (host.startsWith("[")) {
      return host.substring(0, host.indexOf(']') + 1);
    }
    int colon = host.indexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  @Override
  public String toString() {
    return namespace == null ? host : host + "/" + namespace;
  }
}
