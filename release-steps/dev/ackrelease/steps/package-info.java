/** The release pipeline as a plain Java library: no command-line code lives here. */
package dev.ackrelease.steps;
