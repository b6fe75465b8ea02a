package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.TestCli.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue-7 commands as an operator uses them: {@code dkim keygen}, {@code newsletter style}, and
 * {@code edition preview --format eml} printing the signed message byte for byte.
 */
@Tag("mariadb")
class DigestCliTest {
  @TempDir Path dir;
  private TestCli cli;

  @BeforeEach
  void start() throws Exception {
    cli = TestCli.start();
  }

  @AfterEach
  void stop() throws Exception {
    cli.close();
  }

  private Run run(String... args) {
    return cli.run(args);
  }

  @Test
  void keygen_thenPreviewEml_isSignedAndVerifies() throws Exception {
    Path key = dir.resolve("dkim.pem");
    Run keygen =
        run(
            "dkim",
            "keygen",
            "--domain",
            "example.com",
            "--selector",
            "news2026",
            "--out",
            key.toString(),
            "--json");
    assertThat(keygen.code()).as(keygen.err()).isZero();
    JsonNode record = new ObjectMapper().readTree(keygen.out());
    assertThat(record.get("name").asText()).isEqualTo("news2026._domainkey.example.com");
    assertThat(record.get("value").asText()).startsWith("v=DKIM1; k=rsa; p=MIIBIjAN");
    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.getPosixFilePermissions(key))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    Run again =
        run(
            "dkim",
            "keygen",
            "--domain",
            "example.com",
            "--selector",
            "x",
            "--out",
            key.toString());
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("already exists").doesNotContain("\n\n");
    Run human =
        run(
            "dkim",
            "keygen",
            "--domain",
            "example.com",
            "--selector",
            "s2",
            "--out",
            dir.resolve("second.pem").toString());
    assertThat(human.out())
        .contains("s2._domainkey.example.com. 3600 IN TXT (")
        .contains("TIDINGS_DKIM_SELECTOR=s2");

    cli.variables.put("TIDINGS_DKIM_DOMAIN", "example.com");
    cli.variables.put("TIDINGS_DKIM_SELECTOR", "news2026");
    cli.variables.put("TIDINGS_DKIM_KEY_FILE", key.toString());
    assertThat(
            run(
                    "newsletter",
                    "add",
                    "--slug",
                    "weekly",
                    "--name",
                    "Wöchentlich",
                    "--cron",
                    "0 8 * * 1",
                    "--zone",
                    "Europe/Berlin",
                    "--from",
                    "news@example.com",
                    "--from-name",
                    "Redaktion",
                    "--locale",
                    "de-DE",
                    "--accent",
                    "#B91C1C")
                .code())
        .isZero();
    run("subscriber", "add", "jo@example.com", "--name", "Jö", "--newsletter", "weekly");
    Path article = Files.createTempFile(dir, "article", ".md");
    Files.writeString(article, "# Brücken öffnen\n\nDie alte Brücke öffnet am Montag wieder.\n");
    assertThat(run("article", "import", article.toString(), "--url", "https://e.com/b").code())
        .isZero();

    Run eml =
        cli.runCapturingStdout(
            "edition",
            "preview",
            "--newsletter",
            "weekly",
            "--format",
            "eml",
            "--subscriber",
            "jo@example.com");
    assertThat(eml.code()).as(eml.err()).isZero();
    String message = new String(eml.stdout(), StandardCharsets.UTF_8);
    assertThat(message)
        .startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\r\n\td=example.com;")
        .contains("To: =?UTF-8?B?SsO2?= <jo@example.com>")
        .contains("Brücken öffnen")
        .contains("#b91c1c")
        .containsPattern("\\d{1,2}\\. [A-Z][a-z]+ \\d{4}");
    DkimVerification.verify(eml.stdout(), "example.com", "news2026", record.get("value").asText());
  }

  @Test
  void style_changesTheLook_andBadValuesAreNamed() {
    run(
        "newsletter",
        "add",
        "--slug",
        "daily",
        "--name",
        "Daily",
        "--cron",
        "0 7 * * *",
        "--from",
        "news@example.com");
    Run styled =
        run(
            "newsletter",
            "style",
            "daily",
            "--logo",
            "https://example.com/logo.png",
            "--accent",
            "#1A7F5A",
            "--locale",
            "ja",
            "--json");
    assertThat(styled.code()).as(styled.err()).isZero();
    assertThat(styled.out())
        .contains("\"logo_url\" : \"https://example.com/logo.png\"")
        .contains("\"accent_color\" : \"#1a7f5a\"")
        .contains("\"locale\" : \"ja\"");

    Run color = run("newsletter", "style", "daily", "--accent", "red");
    assertThat(color.code()).isEqualTo(1);
    assertThat(color.err()).startsWith("tidings: error: the accent colour must look like #1a7f5a");
    Run logo = run("newsletter", "style", "daily", "--logo", "javascript:alert(1)");
    assertThat(logo.err()).contains("the logo must be an http(s) URL");
    Run locale = run("newsletter", "style", "daily", "--locale", "xx-QQ");
    assertThat(locale.err()).contains("unknown locale 'xx-QQ'");
    Run missing = run("newsletter", "style", "nope", "--accent", "#000000");
    assertThat(missing.err()).contains("unknown newsletter 'nope'");
  }

  @Test
  void partialDkimSettings_failWithEveryMissingVariableNamed() {
    cli.variables.put("TIDINGS_DKIM_DOMAIN", "example.com");
    Run run = run("newsletter", "list");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .contains("TIDINGS_DKIM_SELECTOR is required")
        .contains("TIDINGS_DKIM_KEY_FILE is required");
    cli.variables.put("TIDINGS_DKIM_SELECTOR", "s");
    cli.variables.put("TIDINGS_DKIM_KEY_FILE", "/nonexistent/key.pem");
    assertThat(run("newsletter", "list").err())
        .contains("TIDINGS_DKIM_KEY_FILE names no readable file");
  }
}
