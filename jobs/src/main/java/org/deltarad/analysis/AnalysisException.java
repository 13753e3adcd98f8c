package org.deltarad.analysis;

/**
 * The cohort cannot support the analysis (too few patients, no events, no robust feature): the
 * message says why in one line; {@link #partial()} holds what the stages computed before (for
 * the tables and the warnings), when known.
 */
public final class AnalysisException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final transient AnalysisResult partial;

  public AnalysisException(String message) {
    this(message, null);
  }

  public AnalysisException(String message, AnalysisResult partial) {
    super(message);
    this.partial = partial;
  }

  /** The result so far (later stages null), or null. */
  public AnalysisResult partial() {
    return partial;
  }
}
