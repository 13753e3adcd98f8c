package org.deltarad.tables;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The contract of the {@code features} table between the extraction job (writer) and the
 * cohort analysis (reader): its fixed columns, then one double column per feature named as
 * PyRadiomics names it ({@code original_glcm_Idmn}). An extraction output directory keeps one
 * table per settings hash ({@code features/settings_hash=H}) and names the latest run's hash
 * in {@code _run.json}; a bare Parquet directory with these columns is accepted too.
 */
public final class FeaturesTable {
  /** The key of a row: one scan of one reader. */
  public static final List<String> KEYS = List.of("patient_id", "timepoint", "reader");

  /** Scanner covariates, from the sidecar, the manifest or the image header. */
  public static final List<String> COVARIATES = List.of("manufacturer", "field_strength", "tr",
      "te", "flip_angle", "slice_thickness", "nex", "spacing_x_mm", "spacing_y_mm",
      "spacing_z_mm", "voxel_volume_mm3", "anisotropy", "fov_x_mm", "fov_y_mm");

  /** Fixed columns, in order, before the feature columns. */
  public static final List<String> FIXED_COLUMNS = fixedColumns();

  /** Feature columns start with the image type, as PyRadiomics names them. */
  public static final String FEATURE_PREFIX = "original_";

  private FeaturesTable() {}

  private static List<String> fixedColumns() {
    List<String> c = new ArrayList<>(KEYS);
    c.add("label");
    c.addAll(COVARIATES);
    c.addAll(List.of("roi_voxels", "roi_volume_mm3", "image", "mask", "image_sha256",
        "mask_sha256", "settings_hash", "deltarad_version", "extract_ms", "warnings"));
    return List.copyOf(c);
  }

  public static boolean isFeatureColumn(String c) {
    return !FIXED_COLUMNS.contains(c);
  }

  /**
   * Reads the features of an extraction output (the latest run's settings, or
   * {@code settingsHash} when given) or a bare Parquet table. Partition values stay strings.
   */
  public static Dataset<Row> read(SparkSession spark, String dir, String settingsHash)
      throws IOException {
    spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
    OutputStore store = new OutputStore(dir, spark.sparkContext().hadoopConfiguration());
    Path run = new Path(store.root(), "_run.json");
    if (settingsHash == null && !store.exists(run)) {
      return spark.read().parquet(dir);
    }
    String hash = settingsHash != null ? settingsHash : settingsHash(store, run);
    Dataset<Row> t = readTable(spark, store, store.table("features", hash));
    if (t == null) {
      throw new IOException(dir + " has no features for settings hash " + hash);
    }
    return t;
  }

  /**
   * The same table read on the driver ({@link ParquetFiles}), without a Spark job: the analysis
   * gathers every row on the driver anyway, and a Spark read costs seconds of planning in a
   * fresh JVM.
   */
  public static ParquetFiles.Table readOnDriver(org.apache.hadoop.conf.Configuration conf,
      String dir) throws IOException {
    OutputStore store = new OutputStore(dir, conf);
    Path run = new Path(store.root(), "_run.json");
    if (!store.exists(run)) {
      return ParquetFiles.read(conf, dir);
    }
    String hash = settingsHash(store, run);
    ParquetFiles.Table t = readTableOnDriver(conf, store, store.table("features", hash), ORDER);
    if (t == null) {
      throw new IOException(dir + " has no features for settings hash " + hash);
    }
    return t;
  }

  /** The settings hash of the latest extraction run in {@code dir}, or null for a bare table. */
  public static String latestSettingsHash(org.apache.hadoop.conf.Configuration conf, String dir)
      throws IOException {
    OutputStore store = new OutputStore(dir, conf);
    Path run = new Path(store.root(), "_run.json");
    return store.exists(run) ? settingsHash(store, run) : null;
  }

  private static String settingsHash(OutputStore store, Path run) throws IOException {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(store.readString(run))
        .path("settings_hash").asText();
  }

  /**
   * A live table of the extraction job, base and deltas merged ({@link IncrementalTable}), or
   * null when absent or empty.
   */
  public static Dataset<Row> readTable(SparkSession spark, OutputStore store, Path dir)
      throws IOException {
    return IncrementalTable.read(spark, store.fs(), dir);
  }

  /** The order of a compacted features table's rows: by directory, then by file. */
  public static final List<String> ORDER = List.of("timepoint", "patient_id", "reader");

  /** The same merged table read on the driver, or null when absent or empty. */
  public static ParquetFiles.Table readTableOnDriver(org.apache.hadoop.conf.Configuration conf,
      OutputStore store, Path dir, List<String> order) throws IOException {
    return IncrementalTable.readOnDriver(conf, store.fs(), dir, order);
  }

  /** True when {@code dir} exists and holds a data file (not only markers). */
  public static boolean hasData(OutputStore store, Path dir) throws IOException {
    return hasDataIn(store.fs(), dir);
  }

  /** True when {@code dir} exists and holds a data file outside '_' and '.' entries. */
  static boolean hasDataIn(FileSystem fs, Path dir) throws IOException {
    if (!fs.exists(dir)) {
      return false;
    }
    for (FileStatus s : fs.listStatus(dir)) {
      String n = s.getPath().getName();
      if (n.startsWith("_") || n.startsWith(".")) {
        continue;
      }
      if (s.isFile() || hasDataIn(fs, s.getPath())) {
        return true;
      }
    }
    return false;
  }

  /** True when a live table has data in its base or any delta. */
  public static boolean hasRows(OutputStore store, Path table) throws IOException {
    if (hasData(store, table)) {
      return true;
    }
    for (Path d : IncrementalTable.deltas(store.fs(), table)) {
      if (hasDataIn(store.fs(), d)) {
        return true;
      }
    }
    return false;
  }
}
