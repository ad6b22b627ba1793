/**
 * The chart steps of publish and verify: {@link dev.ackrelease.steps.chart.ChartPackager}
 * (reproducible {@code helm package} layout), {@link dev.ackrelease.steps.chart.ChartPublisher}
 * (Helm's OCI artifact through the run's registry session, immutable tags, movable stable tag,
 * dry run),
 * {@link dev.ackrelease.steps.chart.ChartInspector} (pull and check), and
 * {@link dev.ackrelease.steps.chart.PublishChart} (release and stable mode in one call).
 */
package dev.ackrelease.steps.chart;
