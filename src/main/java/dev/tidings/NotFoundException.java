package dev.tidings;

/** A named thing (newsletter, edition, subscriber) that does not exist. */
public class NotFoundException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String field, String message) {
    super(field, message);
  }
}
