package dev.tidings;

import org.junit.jupiter.api.Tag;

/** The core flow on a real MariaDB server over Connector/J. */
@Tag("mariadb")
class DigestFlowMariaDbTest extends DigestFlowContract {
  DigestFlowMariaDbTest() {
    super(TestDatabase.Kind.MARIADB);
  }
}
