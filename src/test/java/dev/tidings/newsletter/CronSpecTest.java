package dev.tidings.newsletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidings.InvalidInputException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every schedule form docs/cli.md documents, with its next five fire times in a zone that changes
 * its clocks (Europe/Berlin: CET to CEST on 29 March 2026, back on 25 October). Before, {@code 0 8
 * * * 0-7} ("every day") became Quartz {@code 1-1} and fired on Sundays only.
 */
class CronSpecTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Instant BEFORE_SPRING = Instant.parse("2026-03-27T00:00:00Z");

  @Test
  void everyDay_zeroToSeven_firesDaily_acrossTheSpringChange() {
    assertNext(
        "0 8 * * 0-7",
        BEFORE_SPRING,
        "2026-03-27T07:00:00Z",
        "2026-03-28T07:00:00Z",
        "2026-03-29T06:00:00Z",
        "2026-03-30T06:00:00Z",
        "2026-03-31T06:00:00Z");
    assertNext(
        "0 8 * * *",
        BEFORE_SPRING,
        "2026-03-27T07:00:00Z",
        "2026-03-28T07:00:00Z",
        "2026-03-29T06:00:00Z",
        "2026-03-30T06:00:00Z",
        "2026-03-31T06:00:00Z");
  }

  @Test
  void everyDay_acrossTheAutumnChange() {
    assertNext(
        "0 8 * * 0-7",
        Instant.parse("2026-10-23T00:00:00Z"),
        "2026-10-23T06:00:00Z",
        "2026-10-24T06:00:00Z",
        "2026-10-25T07:00:00Z",
        "2026-10-26T07:00:00Z",
        "2026-10-27T07:00:00Z");
  }

  @Test
  void weekdays_mondays_weekends_andSundayAsZeroOrSeven() {
    assertNext(
        "0 8 * * 1",
        BEFORE_SPRING,
        "2026-03-30T06:00:00Z",
        "2026-04-06T06:00:00Z",
        "2026-04-13T06:00:00Z",
        "2026-04-20T06:00:00Z",
        "2026-04-27T06:00:00Z");
    assertNext(
        "30 6 * * 1-5",
        BEFORE_SPRING,
        "2026-03-27T05:30:00Z",
        "2026-03-30T04:30:00Z",
        "2026-03-31T04:30:00Z",
        "2026-04-01T04:30:00Z",
        "2026-04-02T04:30:00Z");
    assertNext(
        "0 8 * * 6,0",
        BEFORE_SPRING,
        "2026-03-28T07:00:00Z",
        "2026-03-29T06:00:00Z",
        "2026-04-04T06:00:00Z",
        "2026-04-05T06:00:00Z",
        "2026-04-11T06:00:00Z");
    for (String sunday : List.of("0 7 * * 0", "0 7 * * 7")) {
      assertNext(
          sunday,
          BEFORE_SPRING,
          "2026-03-29T05:00:00Z",
          "2026-04-05T05:00:00Z",
          "2026-04-12T05:00:00Z",
          "2026-04-19T05:00:00Z",
          "2026-04-26T05:00:00Z");
    }
  }

  @Test
  void dayOfMonth_steps_andTheQuartzForm() {
    assertNext(
        "0 9 1 * *",
        BEFORE_SPRING,
        "2026-04-01T07:00:00Z",
        "2026-05-01T07:00:00Z",
        "2026-06-01T07:00:00Z",
        "2026-07-01T07:00:00Z",
        "2026-08-01T07:00:00Z");
    assertNext(
        "*/30 * * * *",
        Instant.parse("2026-03-29T00:40:00Z"),
        "2026-03-29T01:00:00Z",
        "2026-03-29T01:30:00Z",
        "2026-03-29T02:00:00Z",
        "2026-03-29T02:30:00Z",
        "2026-03-29T03:00:00Z");
    assertNext(
        "0 0 8 ? * MON-FRI",
        BEFORE_SPRING,
        "2026-03-27T07:00:00Z",
        "2026-03-30T06:00:00Z",
        "2026-03-31T06:00:00Z",
        "2026-04-01T06:00:00Z",
        "2026-04-02T06:00:00Z");
  }

  @Test
  void weekdayFields_areWrittenOutAsTheDaysTheyMean() {
    assertThat(CronSpec.weekdays("", "0-7")).isEqualTo("*");
    assertThat(CronSpec.weekdays("", "1-7")).isEqualTo("*");
    assertThat(CronSpec.weekdays("", "5-7")).isEqualTo("0,5,6");
    assertThat(CronSpec.weekdays("", "MON-FRI")).isEqualTo("1,2,3,4,5");
    assertThat(CronSpec.weekdays("", "*/2")).isEqualTo("0,2,4,6");
    assertThat(CronSpec.weekdays("", "1/2")).isEqualTo("1,3,5");
    assertThat(CronSpec.weekdays("", "sat,7")).isEqualTo("0,6");
  }

  @Test
  void badSchedules_areNamedWithTheProblem() {
    for (String bad : List.of("0 8 1 * 1", "61 8 * * *", "0 8 * *", "0 8 * * 9", "every day")) {
      assertThatThrownBy(() -> CronSpec.parse(bad))
          .as(bad)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("invalid cron expression '" + bad + "'");
    }
  }

  private static void assertNext(String cron, Instant after, String... expected) {
    assertThat(CronSpec.parse(cron).nextFireTimes(after, BERLIN, 5))
        .as(cron)
        .containsExactlyElementsOf(Arrays.stream(expected).map(Instant::parse).toList());
  }
}
