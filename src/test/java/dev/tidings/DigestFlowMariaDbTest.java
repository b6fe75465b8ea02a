package dev.tidings;

/** The core flow on a real MariaDB server over Connector/J. */
class DigestFlowMariaDbTest extends DigestFlowContract {
  DigestFlowMariaDbTest() {
    super(TestDatabase.Kind.MARIADB);
  }
}
