package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.Variables;

/**
 * The names {@link RegistryCredentials#source} gives where credentials came from, which the
 * messages of a refused login name and {@link RegistryErrors#logIn} tells apart by. Here in
 * registry/, below auth/ and ecr/: the variables and the ECR Public token are read up there,
 * the Docker config and the containers auth file here, and the names are read back here.
 * A credential helper is named by its program ({@code docker-credential-<name>}).
 */
public final class CredentialSources {

  public static final String USERNAME_ENV = Variables.REGISTRY_USERNAME;
  public static final String PASSWORD_ENV = Variables.REGISTRY_PASSWORD;
  /** Credentials from {@link #USERNAME_ENV} and {@link #PASSWORD_ENV}. */
  public static final String ENV = "env " + USERNAME_ENV + "/" + PASSWORD_ENV;
  /** A token from ECR Public's {@code GetAuthorizationToken}. */
  public static final String ECR_PUBLIC = "ECR Public GetAuthorizationToken (us-east-1)";
  /** Followed by the path of Docker's {@code config.json}. */
  public static final String DOCKER_CONFIG = "docker config ";
  /** Followed by the path of the containers {@code auth.json} podman, skopeo and buildah log in to. */
  public static final String AUTH_FILE = "auth file ";

  private CredentialSources() {}
}
