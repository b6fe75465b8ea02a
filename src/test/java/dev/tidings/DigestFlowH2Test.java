package dev.tidings;

/** The core flow on the embedded H2 file database. */
class DigestFlowH2Test extends DigestFlowContract {
  DigestFlowH2Test() {
    super(TestDatabase.Kind.H2);
  }
}
