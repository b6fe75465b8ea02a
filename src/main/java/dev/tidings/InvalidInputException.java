package dev.tidings;

/**
 * Bad input from an operator, an editor or a subscriber: its message names the input and the
 * problem in one line, fit to show as it is (CLI error, API 4xx, form message).
 */
public class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public InvalidInputException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The input at fault (a field, an option or a file name). */
  public String field() {
    return field;
  }
}
