/**
 * The controller image: {@link dev.ackrelease.steps.image.GoBuild} cross-compiles the
 * controller, {@link dev.ackrelease.steps.image.ImageBuilder} puts each platform's binary on the
 * base image with Jib core and assembles one OCI image index locally (so its digest is known
 * before anything is pushed), {@link dev.ackrelease.steps.image.ImagePublisher} pushes it under
 * the immutable-tag rule and {@link dev.ackrelease.steps.image.ImageInspector} reads it back for
 * {@code verify}.
 */
package dev.ackrelease.steps.image;
