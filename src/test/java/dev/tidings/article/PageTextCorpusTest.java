package dev.tidings.article;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The corpus of pages copied from invented sites ({@code src/test/resources/corpus/SITE/PAGE.txt}
 * with {@code PAGE.json} holding the expected result). Pages of one site folder are read together,
 * so lines recurring across the site count as chrome; the pages under {@code singles} come from
 * different sites and are read alone. Prints the accuracy of each measure.
 */
class PageTextCorpusTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Score(String page, boolean title, boolean author, boolean lead, boolean count) {}

  @Test
  void corpus_headlineAuthorLeadAndParagraphCountMatchExpected() throws Exception {
    List<Score> scores = new ArrayList<>();
    try (Stream<Path> sites = Files.list(corpus())) {
      for (Path site : sites.sorted().toList()) {
        scores.addAll(site(site));
      }
    }
    assertThat(scores).hasSizeGreaterThanOrEqualTo(12);
    long titles = scores.stream().filter(Score::title).count();
    long authors = scores.stream().filter(Score::author).count();
    long leads = scores.stream().filter(Score::lead).count();
    long counts = scores.stream().filter(Score::count).count();
    System.out.printf(
        "corpus: %d pages; headline %d/%d, author %d/%d, first paragraph %d/%d,"
            + " paragraph count %d/%d%n",
        scores.size(),
        titles,
        scores.size(),
        authors,
        scores.size(),
        leads,
        scores.size(),
        counts,
        scores.size());
    scores.stream()
        .filter(score -> !(score.title() && score.author() && score.lead() && score.count()))
        .forEach(score -> System.out.println("corpus miss: " + score));
    assertThat(scores).allSatisfy(score -> assertThat(score).isEqualTo(perfect(score.page())));
  }

  private static Score perfect(String page) {
    return new Score(page, true, true, true, true);
  }

  private static List<Score> site(Path site) throws IOException {
    List<Path> pages;
    try (Stream<Path> files = Files.list(site)) {
      pages = files.filter(file -> file.toString().endsWith(".txt")).sorted().toList();
    }
    boolean alone = site.getFileName().toString().equals("singles");
    List<String> texts = new ArrayList<>();
    for (Path page : pages) {
      texts.add(Files.readString(page));
    }
    List<Score> scores = new ArrayList<>();
    for (int i = 0; i < pages.size(); i++) {
      SourceLines source = alone ? SourceLines.NONE : SourceLines.of(texts);
      PageText.Result result = PageText.read(texts.get(i), source);
      Path expectedFile = Path.of(pages.get(i).toString().replaceAll("\\.txt$", ".json"));
      JsonNode expected = JSON.readTree(Files.readString(expectedFile));
      String author = expected.get("author").isNull() ? null : expected.get("author").asText();
      List<String> paragraphs = result.paragraphs();
      scores.add(
          new Score(
              site.getFileName() + "/" + pages.get(i).getFileName(),
              expected.get("title").asText().equals(result.title()),
              Objects.equals(author, result.author()),
              !paragraphs.isEmpty()
                  && expected.get("first_paragraph").asText().equals(paragraphs.get(0)),
              expected.get("paragraphs").asInt() == paragraphs.size()));
      if (!scores.get(scores.size() - 1).equals(perfect(scores.get(scores.size() - 1).page()))) {
        System.out.println(
            "got " + result.title() + " / " + result.author() + " / " + result.blocks());
      }
    }
    return scores;
  }

  private static Path corpus() throws URISyntaxException {
    return Path.of(Objects.requireNonNull(PageTextCorpusTest.class.getResource("/corpus")).toURI());
  }
}
