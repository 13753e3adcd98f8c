package org.deltarad.extract;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.deltarad.tables.FeaturesTable;

/**
 * The outcome of one volume as a row: the manifest keys and paths, then either the features
 * ({@code ok = true}), or the failing stage and message, or {@code skipped = true} for a volume
 * whose files are unchanged since its row in the features table. The job splits these rows into
 * the {@code features} and {@code errors} tables; features travel as an array in the order of
 * the engine's {@link FeatureEngine#featureNames()}.
 */
public final class VolumeResult {
  public static final List<String> COVARIATES = FeaturesTable.COVARIATES;

  private static final int SIZE = schema().size();

  private VolumeResult() {}

  public static StructType schema() {
    List<StructField> f = new ArrayList<>();
    f.add(field(Manifest.ROW, DataTypes.LongType));
    for (String k : List.of("patient_id", "timepoint", "reader", "image", "mask")) {
      f.add(field(k, DataTypes.StringType));
    }
    f.add(field("label", DataTypes.IntegerType));
    f.add(field("ok", DataTypes.BooleanType));
    f.add(field("skipped", DataTypes.BooleanType));
    f.add(field("stage", DataTypes.StringType));
    f.add(field("error_class", DataTypes.StringType));
    f.add(field("message", DataTypes.StringType));
    f.add(field("features", DataTypes.createArrayType(DataTypes.DoubleType, false)));
    f.add(field("manufacturer", DataTypes.StringType));
    for (String c : COVARIATES.subList(1, COVARIATES.size())) {
      f.add(field(c, DataTypes.DoubleType));
    }
    f.add(field("roi_voxels", DataTypes.LongType));
    f.add(field("roi_volume_mm3", DataTypes.DoubleType));
    f.add(field("image_sha256", DataTypes.StringType));
    f.add(field("mask_sha256", DataTypes.StringType));
    f.add(field("extract_ms", DataTypes.LongType));
    f.add(field("warnings", DataTypes.StringType));
    return DataTypes.createStructType(f);
  }

  private static StructField field(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }

  // Positions (rows built here carry no schema).
  private static final int OK = 7;
  private static final int SKIPPED = 8;
  private static final int STAGE = 9;
  private static final int FEATURES = 12;
  private static final int MS = SIZE - 2;
  private static final int WARNINGS = SIZE - 1;

  /** True for a success row. */
  public static boolean isOk(Row r) {
    return Boolean.TRUE.equals(r.get(OK));
  }

  /** True for a volume left as it was. */
  public static boolean isSkipped(Row r) {
    return Boolean.TRUE.equals(r.get(SKIPPED));
  }

  /** A failed volume. {@code in} is a manifest row. */
  public static Row error(Row in, Integer label, String stage, String errorClass,
      String message, long ms) {
    Object[] v = base(in, label);
    v[OK] = false;
    v[SKIPPED] = false;
    v[STAGE] = stage;
    v[STAGE + 1] = errorClass;
    v[STAGE + 2] = message;
    v[MS] = ms;
    return RowFactory.create(v);
  }

  /** A volume whose image and mask hash as in its existing features row: nothing to do. */
  public static Row skipped(Row in, Integer label, String imageSha, String maskSha, long ms) {
    Object[] v = base(in, label);
    v[OK] = false;
    v[SKIPPED] = true;
    v[MS - 2] = imageSha;
    v[MS - 1] = maskSha;
    v[MS] = ms;
    return RowFactory.create(v);
  }

  /**
   * A volume whose features were extracted; {@code warnings} are the header fields the readers
   * ignored or filled in, "; "-separated (null: none).
   */
  public static Row success(Row in, int label, double[] features,
      ScannerCovariates scanner, GeometryCovariates geometry, long roiVoxels,
      String imageSha, String maskSha, long ms, String warnings) {
    Object[] v = base(in, label);
    v[OK] = true;
    v[SKIPPED] = false;
    // Spark's Row encoder takes a Scala Seq for an array column; boxing 100 doubles is cheap.
    v[FEATURES] = scala.collection.immutable.ArraySeq.unsafeWrapArray(features);
    int i = FEATURES + 1;
    v[i++] = scanner.manufacturer();
    for (String c : ScannerCovariates.NUMERIC) {
      v[i++] = scanner.get(c);
    }
    v[i++] = geometry.spacingX();
    v[i++] = geometry.spacingY();
    v[i++] = geometry.spacingZ();
    v[i++] = geometry.voxelVolume();
    v[i++] = geometry.anisotropy();
    v[i++] = geometry.fovX();
    v[i++] = geometry.fovY();
    v[i++] = roiVoxels;
    v[i++] = roiVoxels * geometry.voxelVolume();
    v[i++] = imageSha;
    v[i++] = maskSha;
    v[i++] = ms;
    v[i] = warnings;
    return RowFactory.create(v);
  }

  private static Object[] base(Row in, Integer label) {
    Object[] v = new Object[SIZE];
    v[0] = in.getAs(Manifest.ROW);
    v[1] = in.getAs("patient_id");
    v[2] = in.getAs("timepoint");
    v[3] = in.getAs("reader");
    v[4] = in.getAs("image");
    v[5] = in.getAs("mask");
    v[6] = label;
    return v;
  }
}
