package dev.tidings.article;

import dev.tidings.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads an article's raw input and refuses what is not an article's text: a missing, empty or
 * oversized file, binary data, invalid UTF-8. Every refusal names the input. Thread-safe.
 */
public final class InputText {
  /** Larger inputs are refused: an article is not a book, and the body column has limits. */
  public static final long MAX_BYTES = 5L * 1024 * 1024;

  private InputText() {}

  /** The text of {@code file}, checked before it is read whole. */
  public static String read(Path file) {
    String name = file.toString();
    try {
      if (!Files.isRegularFile(file)) {
        throw new InvalidInputException("file", name + ": no such file");
      }
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new InvalidInputException("file", name + ": " + tooLarge(size));
      }
      return decode(name, Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("file", name + ": no such file");
    } catch (IOException e) {
      throw new InvalidInputException("file", name + ": cannot read: " + e.getMessage());
    }
  }

  /** Checks {@code bytes} (named {@code name} in errors) and decodes them as UTF-8. */
  public static String decode(String name, byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new InvalidInputException("file", name + ": " + tooLarge(bytes.length));
    }
    if (bytes.length == 0) {
      throw new InvalidInputException("file", name + ": the file is empty");
    }
    for (byte b : bytes) {
      if (b == 0) {
        throw new InvalidInputException("file", name + ": binary file, not text");
      }
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInputException("file", name + ": not valid UTF-8 text");
    }
    return checked(name, text);
  }

  /** Text that came as a string (the API): only blankness and control characters to check. */
  static String checked(String name, String text) {
    if (text.isBlank()) {
      throw new InvalidInputException("file", name + ": the file has no text");
    }
    if (text.chars().anyMatch(c -> c == 0)) {
      throw new InvalidInputException("file", name + ": binary data, not text");
    }
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static String tooLarge(long size) {
    return String.format(
        "%.1f MB is larger than the %d MB limit",
        size / (1024.0 * 1024.0), MAX_BYTES / (1024 * 1024));
  }
}
