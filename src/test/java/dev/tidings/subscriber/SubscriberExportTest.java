package dev.tidings.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CSV cells a spreadsheet would run are written inert (the OWASP rule: a leading {@code =}, {@code
 * +}, {@code -}, {@code @}, tab or carriage return gets a {@code '}), and the import reads them
 * back as they were. Before, a name such as {@code =HYPERLINK(...)} went into the export as it was.
 */
class SubscriberExportTest {
  @Test
  void formulaCells_areWrittenInert_andReadBackAsTheyWere() {
    for (String dangerous :
        List.of("=HYPERLINK(\"https://evil.example\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx")) {
      String written = SubscriberExport.inert(dangerous);
      assertThat(written).as(dangerous).isEqualTo("'" + dangerous);
      assertThat(SubscriberExport.restored(written)).isEqualTo(dangerous);
    }
    for (String plain : List.of("Ann", "ann@example.com", "'quoted", "", "O'Neil")) {
      assertThat(SubscriberExport.inert(plain)).isEqualTo(plain);
      assertThat(SubscriberExport.restored(plain)).isEqualTo(plain);
    }
    assertThat(SubscriberExport.inert(null)).isNull();
  }
}
