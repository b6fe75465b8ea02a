package dev.tidings.edition;

/** A template that is missing or does not compile; the message names the file. */
public final class TemplateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TemplateException(String message, Throwable cause) {
    super(message, cause);
  }
}
