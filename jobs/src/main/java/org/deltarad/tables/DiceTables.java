package org.deltarad.tables;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.deltarad.tables.AnalysisTables.Table;

/**
 * The tables of the {@code dice} job (agreement of two readers' masks), written under its
 * output directory: {@code dice}, one row per patient and time point with both readers' masks,
 * and {@code dice_errors}, one row per case that could not be compared. Column meanings:
 * {@code docs/tables.md}.
 */
public final class DiceTables {
  private static final DataType S = DataTypes.StringType;
  private static final DataType D = DataTypes.DoubleType;
  private static final DataType L = DataTypes.LongType;
  private static final DataType I = DataTypes.IntegerType;

  /** Dice = 2 |A n B| / (|A| + |B|), with the exact voxel counts it is made of. */
  public static final Table DICE = new Table("dice", AnalysisTables.schema("patient_id", S,
      "timepoint", S, "dice", D, "reader_a", S, "reader_b", S, "label", I, "voxels_a", L,
      "voxels_b", L, "voxels_both", L, "mask_a", S, "mask_b", S));
  /** A case that could not be compared: which reader's mask, at which stage, and why. */
  public static final Table DICE_ERRORS = new Table("dice_errors", AnalysisTables.schema(
      "patient_id", S, "timepoint", S, "reader", S, "mask", S, "stage", S, "error_class", S,
      "message", S, "manifest_row", L, "run_id", S));

  /** Both tables, in the order the job writes them. */
  public static final List<Table> ALL = List.of(DICE, DICE_ERRORS);

  private DiceTables() {}
}
