package dev.ackrelease.steps.registry;

import java.util.Set;

/**
 * Docker Hub's names, in one place: the host Jib pulls it from, the names go-containerregistry
 * and users give it, and the key Docker keeps its credentials under. Here in registry/, below
 * image/ (which names a reference's host by them) and beside the credential lookup and the
 * error messages that know Docker Hub by them too.
 */
public final class DockerHub {

  /** The host Docker Hub is pulled from, as Jib names it. */
  public static final String HOST = "registry-1.docker.io";
  /** go-containerregistry's name for it: {@code docker.io} is rewritten to this. */
  public static final String INDEX_HOST = "index.docker.io";
  /** The name users write. */
  public static final String SHORT_HOST = "docker.io";
  /**
   * Where Docker keeps Docker Hub's credentials, whichever of its names is pulled from:
   * {@code docker login} writes this key, and helpers are asked for it, as go-containerregistry's
   * keychain asks ({@code authn.DefaultAuthKey}).
   */
  public static final String CREDENTIALS_KEY = "https://index.docker.io/v1/";
  /** Every host name of Docker Hub, in lower case. */
  public static final Set<String> HOSTS = Set.of(SHORT_HOST, INDEX_HOST, HOST);

  private DockerHub() {}
}
