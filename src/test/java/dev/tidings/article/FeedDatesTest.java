package dev.tidings.article;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The date forms of the feed corpus and of feeds like them that Rome does not read. */
class FeedDatesTest {
  @Test
  void localizedAndLooseDates_areRead() {
    assertThat(FeedDates.parse("Seg, 24 Set 2018 19:35:07 -0300"))
        .isEqualTo(Instant.parse("2018-09-24T22:35:07Z"));
    assertThat(FeedDates.parse("Mi, 3 Okt 2018 08:00:00 +0200"))
        .isEqualTo(Instant.parse("2018-10-03T06:00:00Z"));
    assertThat(FeedDates.parse("5 févr. 2019 10:15 GMT"))
        .isEqualTo(Instant.parse("2019-02-05T10:15:00Z"));
    assertThat(FeedDates.parse("mar, 12 dic 2017 09:00:00 EST"))
        .isEqualTo(Instant.parse("2017-12-12T14:00:00Z"));
    assertThat(FeedDates.parse("03 Apr 02 1500 GMT")).isNull();
    assertThat(FeedDates.parse("03 Apr 02 15:00 GMT"))
        .isEqualTo(Instant.parse("2002-04-03T15:00:00Z"));
    assertThat(FeedDates.parse("2018-09-24 19:35:07"))
        .isEqualTo(Instant.parse("2018-09-24T19:35:07Z"));
    assertThat(FeedDates.parse("2018-09-24T19:35:07+02:00"))
        .isEqualTo(Instant.parse("2018-09-24T17:35:07Z"));
    assertThat(FeedDates.parse("Thu, 12 Nov 2015 22:27:28 +0000"))
        .isEqualTo(Instant.parse("2015-11-12T22:27:28Z"));
  }

  @Test
  void textThatIsNoDate_isNone() {
    assertThat(FeedDates.parse(null)).isNull();
    assertThat(FeedDates.parse("yesterday")).isNull();
    assertThat(FeedDates.parse("24 Smarch 2018 10:00:00 GMT")).isNull();
    assertThat(FeedDates.parse("24 Set 2018 10:00:00 XYZ")).isNull();
  }
}
