/**
 * Settings kept in the repo: {@code .ack-release.yaml} in a controller's clone over the one in
 * its workspace root, each key the long option it sets; how a key is named as a variable
 * ({@code ACK_RELEASE_<KEY>}), where each value was written (file:line), and unknown keys refused
 * with the closest valid one. Which keys are valid is the caller's (the options of its commands).
 */
package dev.ackrelease.steps.settings;
