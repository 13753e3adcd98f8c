package org.deltarad.analysis;

import java.io.Serializable;

/**
 * Something the analysis noticed and worked around (a patient without a time point, a feature
 * with zero variance, ...): a row of the {@code warnings} table rather than a crash.
 *
 * @param stage the analysis step (input, harmonization, icc, deltas, split, lasso, roc, tests)
 * @param subject what it is about: a patient id, a feature name or a column
 * @param message a sentence a person can act on
 */
public record Warning(String stage, String subject, String message) implements Serializable {}
