package dev.tidings.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.Harness;
import dev.tidings.TestDatabase;
import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.newsletter.Newsletter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An edition too long for even its headlines under the size limit ends its digest with "and N
 * more", linking the archive; the archive's page of that edition lists every article it carried, so
 * the link leads somewhere.
 */
class LongEditionArchiveTest {
  private static final int ARTICLES = 150;

  @Test
  void anEditionCountingItsLastArticles_listsThemAllInTheArchive() throws Exception {
    try (Harness harness =
        Harness.start(TestDatabase.Kind.H2, Map.of("TIDINGS_HTML_LIMIT", "20000"))) {
      Newsletter daily = harness.newsletter("daily", 200, Duration.ofDays(7));
      harness.subscribers(daily, "ann@example.com");
      for (int i = 1; i <= ARTICLES; i++) {
        harness.article(
            "Harbour story number " + i,
            "https://example.com/story/" + i,
            harness.clock.instant().minusSeconds(i * 60L));
      }
      Edition edition = harness.tidings.planner().plan(daily, EditionPlanner.Trigger.manual("t"));
      harness.tidings.engine().runEdition(edition.id());
      String text = Harness.textAndHtml(harness.smtp.getReceivedMessages()[0])[0];
      assertThat(text.replaceAll("\\s+", " ")).containsPattern("and \\d+ more: read them all");

      harness.tidings.serve();
      String page =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:"
                                  + harness.tidings.httpPort()
                                  + "/archive/"
                                  + daily.slug()
                                  + "/"
                                  + edition.id()))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(page).contains("Every article in this edition (" + ARTICLES + ")");
      for (int i = 1; i <= ARTICLES; i++) {
        assertThat(page).contains("href=\"https://example.com/story/" + i + "\"");
      }
    }
  }
}
