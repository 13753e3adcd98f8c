package org.deltarad.extract;

/**
 * A volume failed at a known stage; becomes one row of the errors table. The error class
 * recorded is that of the cause when there is one (ImageIoException, FeatureExtractionException,
 * ...), otherwise {@link #errorClass()}.
 */
public final class StageException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Where a volume failed; the {@code stage} column of the errors table. */
  public enum Stage {
    READ("read"), VALIDATE("validate"), EXTRACT("extract");

    private final String label;

    Stage(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final Stage stage;
  private final String errorClass;

  public StageException(Stage stage, String errorClass, String message) {
    super(message);
    this.stage = stage;
    this.errorClass = errorClass;
  }

  public StageException(Stage stage, Throwable cause) {
    super(oneLine(cause), cause);
    this.stage = stage;
    this.errorClass = cause.getClass().getSimpleName();
  }

  public Stage stage() {
    return stage;
  }

  public String errorClass() {
    return errorClass;
  }

  /** The message of a throwable on one line; the class name when it has no message. */
  static String oneLine(Throwable t) {
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return t.getClass().getSimpleName()
          + (t.getCause() != null && t.getCause() != t ? ": " + oneLine(t.getCause()) : "");
    }
    return m.replace('\n', ' ').replace('\r', ' ');
  }
}
