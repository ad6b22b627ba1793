package dev.ackrelease.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * A URL given as input shows no password or token, however it is written (a hostile-input audit
 * found 'https:/me:pw@h', 'user:pw@h', a slash in the password and a query token shown as given).
 */
class UrlTextTest {

  @Test
  void userInformationQueryAndFragmentAreMaskedHoweverWritten() {
    assertEquals("https://****@ghe.example/api/v3", UrlText.masked("https://me:pw5ecret@ghe.example/api/v3"));
    assertEquals("https://****@h", UrlText.masked("https://user:pa/ss@h"));
    assertEquals("https:****@h", UrlText.masked("https:/me:pw5ecret@h"));
    assertEquals("https:****@h", UrlText.masked("https:user:pw5ecret@h"));
    assertEquals("user:****@h", UrlText.masked("user:pw5ecret@h"));
    assertEquals("****@h", UrlText.masked("pw5ecret@h"));
    assertEquals("https://****@127.0.0.1:1/?****", UrlText.masked("https://u:p@127.0.0.1:1/?token=pw5ecret"));
    assertEquals("https://h/x#****", UrlText.masked("https://h/x#pw5ecret"));
    assertEquals("https://api.github.com", UrlText.masked("https://api.github.com"));
    assertEquals("ftp://h\\x0a", UrlText.masked("ftp://h\n"));
  }
}
