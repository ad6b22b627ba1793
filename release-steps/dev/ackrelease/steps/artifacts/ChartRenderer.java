package dev.ackrelease.steps.artifacts;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.version.ReleaseVersion;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a new controller's chart ({@code helm/}) and {@code config/controller/kustomization.yaml}
 * from the FreeMarker templates under {@code chart-templates/} on the classpath. The templates
 * use square-bracket syntax ({@code [=service]}, {@code [#if]}) so Helm's {@code {{ }}} pass through.
 */
public final class ChartRenderer {

  /** The chart's files, relative to {@code helm/}; each is rendered from {@code <file>.ftl}. */
  static final List<String> CHART_FILES = List.of(
      "Chart.yaml",
      "values.yaml",
      "values.schema.json",
      "templates/_helpers.tpl",
      "templates/deployment.yaml",
      "templates/service-account.yaml",
      "templates/cluster-role-controller.yaml",
      "templates/cluster-role-binding.yaml",
      "templates/metrics-service.yaml",
      "templates/NOTES.txt");

  private static final String KUSTOMIZATION_TEMPLATE = "kustomization.yaml.ftl";

  private final Configuration freemarker;

  public ChartRenderer() {
    freemarker = new Configuration(Configuration.VERSION_2_3_34);
    freemarker.setClassForTemplateLoading(ChartRenderer.class, "/chart-templates");
    freemarker.setDefaultEncoding("UTF-8");
    freemarker.setLocalizedLookup(false);
    freemarker.setTagSyntax(Configuration.SQUARE_BRACKET_TAG_SYNTAX);
    freemarker.setInterpolationSyntax(Configuration.SQUARE_BRACKET_INTERPOLATION_SYNTAX);
    freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    freemarker.setLogTemplateExceptions(false);
    freemarker.setWrapUncheckedExceptions(true);
  }

  /** The chart's files, keyed by their path relative to the controller dir ({@code helm/...}). */
  public Map<String, String> renderChart(String service, ReleaseVersion version, String imageRepository) {
    Map<String, Object> model = model(service, version, imageRepository, List.of());
    Map<String, String> files = new LinkedHashMap<>();
    for (String file : CHART_FILES) {
      files.put("helm/" + file, render(file + ".ftl", model));
    }
    return files;
  }

  /**
   * {@code config/controller/kustomization.yaml}, listing {@code resources} (the manifests that
   * exist next to it) and the controller image.
   */
  public String renderKustomization(String service, ReleaseVersion version, String imageRepository,
      List<String> resources) {
    return render(KUSTOMIZATION_TEMPLATE, model(service, version, imageRepository, resources));
  }

  private static Map<String, Object> model(String service, ReleaseVersion version, String imageRepository,
      List<String> resources) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("service", service);
    model.put("version", version.plain());
    model.put("repository", imageRepository);
    model.put("resources", resources);
    return model;
  }

  private String render(String template, Map<String, Object> model) {
    try {
      Template t = freemarker.getTemplate(template);
      StringWriter out = new StringWriter();
      t.process(model, out);
      return out.toString();
    } catch (IOException | TemplateException e) {
      throw new ReleaseException(ReleaseException.Kind.INTERNAL, "cannot render chart template " + template + ": "
          + e.getMessage(), e);
    }
  }
}
