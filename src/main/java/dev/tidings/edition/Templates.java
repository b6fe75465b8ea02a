package dev.tidings.edition;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheResolver;
import com.github.mustachejava.reflect.MapObjectHandler;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * The Mustache templates of the top-level {@code templates/} folder, editable without a rebuild:
 * the folder is checked for changes at most once a second and recompiled when a file changed. HTML
 * templates escape values; text templates ({@link #text}) do not, since escaping would put {@code
 * &amp;} into plain text. Partials come from this folder only, never from the class path (where
 * {@code sql/editors.sql} and the jar's manifest are). Thread-safe.
 */
public final class Templates {
  private static final long CHECK_INTERVAL_MS = 1000;
  private final Path root;
  private final Clock clock;
  private volatile Factories factories;
  private volatile long lastCheck;

  private record Factories(DefaultMustacheFactory html, DefaultMustacheFactory text, long stamp) {}

  public Templates(Path root, Clock clock) {
    this.root = root.toAbsolutePath().normalize();
    this.clock = clock;
    if (!Files.isDirectory(this.root)) {
      throw new IllegalStateException(
          "templates folder " + this.root + " does not exist (set TIDINGS_TEMPLATES_DIR)");
    }
    this.factories = newFactories(stamp());
  }

  public Path root() {
    return root;
  }

  /** An HTML template (values escaped), e.g. {@code pages/unsubscribe}. */
  public Mustache html(String name) {
    return compile(current().html(), name + ".mustache");
  }

  /** A plain-text template (values not escaped). */
  public Mustache text(String name) {
    return compile(current().text(), name + ".mustache");
  }

  /** True when template {@code name} (without {@code .mustache}) exists in the folder. */
  public boolean exists(String name) {
    return Files.isRegularFile(root.resolve(name + ".mustache"));
  }

  /** Renders template {@code name} as HTML with {@code scope}. */
  public String renderHtml(String name, Object scope) {
    return render(html(name), name, scope);
  }

  /** Renders {@code template} with {@code scope}, naming {@code name} when it fails. */
  public static String render(Mustache template, String name, Object... scopes) {
    StringWriter out = new StringWriter();
    try {
      template.execute(out, scopes).flush();
    } catch (MustacheException | IOException e) {
      throw new TemplateException("template " + name + " failed: " + firstLine(e), e);
    }
    return out.toString();
  }

  /** {@code value} escaped exactly as the HTML templates escape {@code {{value}}}. */
  public String escapeHtml(String value) {
    StringWriter out = new StringWriter(value.length() + 16);
    current().html().encode(value, out);
    return out.toString();
  }

  /**
   * Compiles {@code source}, a template an editor typed (a subject line), as plain text. It sees
   * the values of its scope's maps and nothing else (no getters: {@code {{name.bytes}}} is empty),
   * and its partials come from the folder {@code folder} (such as {@code digest/default}) only.
   */
  public Mustache inlineText(String source, String name, String folder) {
    Path base = root.resolve(folder).normalize();
    if (!base.startsWith(root)) {
      throw new TemplateException(name + ": " + folder + " is outside the templates folder", null);
    }
    DefaultMustacheFactory factory = textFactory(new Rooted(base));
    factory.setObjectHandler(new MapObjectHandler());
    try {
      return factory.compile(new java.io.StringReader(source), name);
    } catch (MustacheException e) {
      throw new TemplateException(name + " is not a valid template: " + firstLine(e), e);
    }
  }

  /** Reads partials from one folder and below it; anything else is not found. */
  private record Rooted(Path base) implements MustacheResolver {
    @Override
    public Reader getReader(String resourceName) {
      Path file = base.resolve(resourceName).normalize();
      if (!file.startsWith(base) || !Files.isRegularFile(file)) {
        return null;
      }
      try {
        return Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8);
      } catch (IOException e) {
        return null;
      }
    }
  }

  private Mustache compile(DefaultMustacheFactory factory, String file) {
    if (!Files.isRegularFile(root.resolve(file))) {
      throw new TemplateException("template " + root.resolve(file) + " does not exist", null);
    }
    try {
      return factory.compile(file);
    } catch (MustacheException e) {
      throw new TemplateException("template " + file + " does not compile: " + firstLine(e), e);
    }
  }

  private Factories current() {
    long now = clock.millis();
    if (now - lastCheck >= CHECK_INTERVAL_MS) {
      lastCheck = now;
      long stamp = stamp();
      if (stamp != factories.stamp()) {
        factories = newFactories(stamp);
      }
    }
    return factories;
  }

  private Factories newFactories(long stamp) {
    Rooted files = new Rooted(root);
    return new Factories(new DefaultMustacheFactory(files), textFactory(files), stamp);
  }

  /** A factory that writes values as they are: text parts, subject lines. */
  private static DefaultMustacheFactory textFactory(MustacheResolver resolver) {
    return new DefaultMustacheFactory(resolver) {
      @Override
      public void encode(String value, Writer writer) {
        try {
          writer.write(value);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  /** A fingerprint of the folder: the newest modification time and the file count. */
  private long stamp() {
    try (Stream<Path> files = Files.walk(root)) {
      long[] acc = {0, 0};
      files
          .filter(Files::isRegularFile)
          .forEach(
              file -> {
                try {
                  acc[0] = Math.max(acc[0], Files.getLastModifiedTime(file).toMillis());
                  acc[1]++;
                } catch (IOException e) {
                  acc[1] += 1000;
                }
              });
      return acc[0] * 31 + acc[1];
    } catch (IOException e) {
      return Instant.now().toEpochMilli();
    }
  }

  private static String firstLine(Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    return message.split("\n")[0];
  }
}
