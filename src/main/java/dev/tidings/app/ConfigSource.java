package dev.tidings.app;

import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvEntry;
import java.util.HashMap;
import java.util.Map;

/**
 * Where configuration variables come from: a {@code .env} file in the working directory, overridden
 * by the process environment (so a deployment can always win over a checked-out file).
 */
public final class ConfigSource {
  private ConfigSource() {}

  /** The merged variables of {@code .env} and the environment. */
  public static Map<String, String> load() {
    Map<String, String> variables = new HashMap<>();
    Dotenv dotenv = Dotenv.configure().ignoreIfMissing().ignoreIfMalformed().load();
    for (DotenvEntry entry : dotenv.entries(Dotenv.Filter.DECLARED_IN_ENV_FILE)) {
      variables.put(entry.getKey(), entry.getValue());
    }
    variables.putAll(System.getenv());
    return variables;
  }
}
