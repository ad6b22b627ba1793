package dev.ackrelease.steps.ecr;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.io.SystemRoots;
import java.util.ArrayList;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecrpublic.EcrPublicClient;
import software.amazon.awssdk.services.ecrpublic.model.DescribeRepositoriesResponse;
import software.amazon.awssdk.services.ecrpublic.model.RepositoryNotFoundException;

/**
 * Makes sure ECR Public repositories exist before a push: {@code DescribeRepositories}, and when
 * one is missing {@code CreateRepository} with catalog data (description, architectures
 * ARM 64 and x86-64, operating system Linux). A dry run only describes.
 */
public final class EcrPublicRepositories {

  public static final List<String> ARCHITECTURES = List.of("ARM 64", "x86-64");
  public static final List<String> OPERATING_SYSTEMS = List.of("Linux");

  /** One repository: its name inside the registry alias and its catalog description. */
  public record Repository(String name, String description) {}

  public record Request(List<Repository> repositories, boolean dryRun) {

    /**
     * {@code <svc>-controller} and {@code <svc>-chart} under the registry namespace {@code namespace}
     * (may be null): its first segment is the ECR Public alias, the rest (if any) is part of the
     * repository name.
     */
    public static Request forService(String namespace, String service, boolean dryRun) {
      return new Request(List.of(
          new Repository(repositoryName(namespace, service + "-controller"), "ACK service controller for " + service),
          new Repository(repositoryName(namespace, service + "-chart"), "Helm chart of the ACK service controller for " + service)),
          dryRun);
    }
  }

  public enum Action { EXISTS, CREATED, WOULD_CREATE }

  public record Result(String repositoryName, Action action) {}

  private final Log log;
  private final Retry.Policy retry;

  public EcrPublicRepositories(Log log, Retry.Policy retry) {
    this.log = log;
    this.retry = retry;
  }

  /**
   * For publish to ECR Public: makes sure {@code <svc>-controller} and {@code <svc>-chart} exist
   * under {@code namespace}, through the API at {@code endpoint} (default: AWS's), trusting
   * {@code roots} and {@code caFile}.
   */
  public List<Result> ensureForService(Optional<URI> endpoint, Optional<Path> caFile, SystemRoots roots, String namespace,
      String service, boolean dryRun) {
    try (EcrPublicClient client = EcrPublicClients.create(endpoint, caFile, roots)) {
      return ensure(client, Request.forService(namespace, service, dryRun));
    }
  }

  public List<Result> ensure(EcrPublicClient client, Request request) {
    List<Result> results = new ArrayList<>();
    for (Repository repo : request.repositories()) {
      boolean exists = EcrPublicErrors.call(retry, log, "DescribeRepositories", () -> exists(client, repo.name()));
      Action action;
      if (exists) {
        action = Action.EXISTS;
      } else if (request.dryRun()) {
        action = Action.WOULD_CREATE;
      } else {
        EcrPublicErrors.call(retry, log, "CreateRepository", () -> client.createRepository(r -> r
            .repositoryName(repo.name())
            .catalogData(c -> c.description(repo.description()).architectures(ARCHITECTURES).operatingSystems(OPERATING_SYSTEMS))));
        action = Action.CREATED;
      }
      String line = "ECR Public repository " + repo.name() + ": " + action.name().toLowerCase().replace('_', ' ');
      if (action == Action.EXISTS) {
        log.detail(line);
      } else {
        log.info(line);
      }
      results.add(new Result(repo.name(), action));
    }
    return results;
  }

  private static boolean exists(EcrPublicClient client, String name) {
    try {
      DescribeRepositoriesResponse r = client.describeRepositories(d -> d.repositoryNames(name));
      return r.repositories().stream().anyMatch(repo -> name.equals(repo.repositoryName()));
    } catch (RepositoryNotFoundException e) {
      return false;
    }
  }

  static String repositoryName(String ns, String name) {
    int slash = ns == null ? -1 : ns.indexOf('/');
    return slash < 0 ? name : ns.substring(slash + 1) + "/" + name;
  }
}
