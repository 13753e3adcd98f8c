package org.deltarad.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Encodes scanner covariates into a regression design the way R's {@code model.matrix} does for
 * {@code ~ num1 + ... + cat1 + ...}: an intercept column, the numeric covariates in the order
 * given, then for each categorical covariate one 0/1 column per level except the reference
 * (treatment contrasts; levels sorted as {@code factor()} sorts strings, first is the reference).
 * Column names follow R: {@code (Intercept)}, the numeric name, {@code name + level}.
 *
 * <p>Levels are sorted by Unicode code point, which is R's order in the C locale; under other
 * locales R collates case-insensitively, so keep labels consistently capitalised.
 *
 * <p>The levels are frozen when the encoder is built, so rows from another reader or time point
 * are encoded against the same reference; an unseen level is an error.
 */
public final class DesignMatrix {
  private final String[] numericNames;
  private final String[] categoricalNames;
  private final String[][] levels;
  private final String[] columnNames;

  private DesignMatrix(String[] numericNames, String[] categoricalNames, String[][] levels) {
    this.numericNames = numericNames.clone();
    this.categoricalNames = categoricalNames.clone();
    this.levels = levels;
    List<String> names = new ArrayList<>();
    names.add("(Intercept)");
    names.addAll(Arrays.asList(numericNames));
    for (int c = 0; c < categoricalNames.length; c++) {
      for (int l = 1; l < levels[c].length; l++) {
        names.add(categoricalNames[c] + levels[c][l]);
      }
    }
    this.columnNames = names.toArray(new String[0]);
  }

  /**
   * Learns the factor levels from the given rows.
   *
   * @param categorical categorical values as [covariate][row]
   */
  public static DesignMatrix learn(String[] numericNames, String[] categoricalNames,
      String[][] categorical) {
    if (categorical.length != categoricalNames.length) {
      throw new IllegalArgumentException("design: " + categoricalNames.length
          + " categorical names but " + categorical.length + " columns");
    }
    String[][] levels = new String[categoricalNames.length][];
    for (int c = 0; c < categoricalNames.length; c++) {
      TreeSet<String> set = new TreeSet<>();
      for (String v : categorical[c]) {
        if (v == null) {
          throw new IllegalArgumentException("design: missing value in " + categoricalNames[c]);
        }
        set.add(v);
      }
      levels[c] = set.toArray(new String[0]);
    }
    return new DesignMatrix(numericNames, categoricalNames, levels);
  }

  /**
   * An encoder with given levels (reference first, as {@link #levels(int)} returns them): the
   * encoding of a fitted model, read back from where it was saved.
   */
  public static DesignMatrix of(String[] numericNames, String[] categoricalNames,
      String[][] levels) {
    if (levels.length != categoricalNames.length) {
      throw new IllegalArgumentException("design: " + categoricalNames.length
          + " categorical names but levels for " + levels.length);
    }
    String[][] copy = new String[levels.length][];
    for (int c = 0; c < levels.length; c++) {
      copy[c] = levels[c].clone();
      String[] sorted = copy[c].clone();
      Arrays.sort(sorted);
      if (copy[c].length == 0 || !Arrays.equals(sorted, copy[c])) {
        throw new IllegalArgumentException("design: levels of " + categoricalNames[c]
            + " must be non-empty and sorted, got " + Arrays.toString(copy[c]));
      }
    }
    return new DesignMatrix(numericNames, categoricalNames, copy);
  }

  public String[] numericNames() {
    return numericNames.clone();
  }

  public String[] categoricalNames() {
    return categoricalNames.clone();
  }

  public String[] columnNames() {
    return columnNames.clone();
  }

  /** Levels of categorical covariate {@code c}, reference first. */
  public String[] levels(int c) {
    return levels[c].clone();
  }

  /**
   * The design matrix, row-major [row][column].
   *
   * @param numeric numeric covariates as [covariate][row]
   * @param categorical categorical covariates as [covariate][row]
   */
  public double[][] encode(double[][] numeric, String[][] categorical) {
    if (numeric.length != numericNames.length || categorical.length != categoricalNames.length) {
      throw new IllegalArgumentException("design: expected " + numericNames.length + " numeric and "
          + categoricalNames.length + " categorical covariates");
    }
    int n = numeric.length > 0 ? numeric[0].length
        : categorical.length > 0 ? categorical[0].length : -1;
    if (n < 0) {
      throw new IllegalArgumentException("design: no covariates, row count unknown");
    }
    double[][] x = new double[n][columnNames.length];
    for (int i = 0; i < n; i++) {
      x[i][0] = 1;
    }
    for (int c = 0; c < numeric.length; c++) {
      if (numeric[c].length != n) {
        throw new IllegalArgumentException("design: covariate " + numericNames[c] + " has "
            + numeric[c].length + " rows, expected " + n);
      }
      for (int i = 0; i < n; i++) {
        if (!Double.isFinite(numeric[c][i])) {
          throw new IllegalArgumentException("design: covariate " + numericNames[c]
              + " is not finite in row " + (i + 1));
        }
        x[i][1 + c] = numeric[c][i];
      }
    }
    int col = 1 + numeric.length;
    for (int c = 0; c < categorical.length; c++) {
      if (categorical[c].length != n) {
        throw new IllegalArgumentException("design: covariate " + categoricalNames[c] + " has "
            + categorical[c].length + " rows, expected " + n);
      }
      for (int i = 0; i < n; i++) {
        int l = Arrays.binarySearch(levels[c], categorical[c][i]);
        if (l < 0) {
          throw new IllegalArgumentException("design: " + categoricalNames[c] + " level '"
              + categorical[c][i] + "' in row " + (i + 1) + " was not seen when fitting");
        }
        if (l > 0) {
          x[i][col + l - 1] = 1;
        }
      }
      col += levels[c].length - 1;
    }
    return x;
  }
}
