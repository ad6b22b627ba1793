package dev.ackrelease.steps.chart;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.YamlErrors;
import dev.ackrelease.steps.registry.References;
import java.io.IOException;
import java.util.Objects;

/** The controller image a chart deploys: {@code image.repository} and {@code image.tag} of its values.yaml. */
public record ChartImage(String repository, String tag) {

  public static ChartImage fromValues(byte[] valuesYaml, String source) {
    JsonNode doc;
    try {
      doc = ChartMetadata.YAML.readTree(valuesYaml);
    } catch (IOException e) {
      throw ReleaseException.invalidInput(source + " is not valid YAML" + YamlErrors.atLine(e) + " (" + YamlErrors.reason(e)
          + "): fix the file");
    }
    JsonNode image = doc == null ? null : doc.get("image");
    String repository = ChartMetadata.text(image, "repository");
    String tag = ChartMetadata.text(image, "tag");
    if (repository.isEmpty() || tag.isEmpty()) {
      throw ReleaseException.invalidInput(source + " has no image.repository and image.tag: set both");
    }
    return new ChartImage(repository, tag);
  }

  /**
   * The registry host the image is pulled from, as a container runtime reads the reference: the
   * first path component when it names a host ({@link References#namesHost}), else Docker Hub.
   */
  public String registryHost() {
    int slash = repository.indexOf('/');
    String first = slash < 0 ? "" : repository.substring(0, slash);
    return References.namesHost(first) ? first : "docker.io";
  }

  /** {@code repository:tag}. */
  public String ref() {
    return repository + ":" + tag;
  }

  @Override
  public String toString() {
    return ref();
  }

  /**
   * Written out, as a record's generated equals and hashCode bootstrap {@code ObjectMethods} at
   * their first call: method handles spun at run time, which the class-data archive cannot hold
   * (about 10 ms of a no-op publish, whose verify compares the chart's image with the one built). The same as the generated ones.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof ChartImage other && Objects.equals(repository, other.repository) && Objects.equals(tag, other.tag);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(repository) * 31 + Objects.hashCode(tag);
  }
}
