package dev.ackrelease.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ArticlesTest {

  @Test
  void anBeforeAVowelAElsewhere() {
    assertEquals("an application/vnd.oci.image.manifest.v1+json", Articles.a("application/vnd.oci.image.manifest.v1+json"));
    assertEquals("an Image", Articles.a("Image"));
    assertEquals("a text/plain", Articles.a("text/plain"));
    assertEquals("a linux/amd64", Articles.a("linux/amd64"));
    assertEquals("a ", Articles.a(""));
  }
}
