package org.deltarad.analysis;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Work items as Spark tasks: up to four tasks per core, results collected in item order. Pays a
 * job's fixed cost (some 0.1-0.5 s), so it is used for large cohorts, where one
 * leave-one-out fold or one feature is worth shipping.
 */
final class SparkWorkPool implements WorkPool {
  private final SparkSession spark;
  private final int slices;

  SparkWorkPool(SparkSession spark) {
    this(spark, 0);
  }

  /** @param slices tasks per map (0: four per core) */
  SparkWorkPool(SparkSession spark, int slices) {
    this.spark = spark;
    this.slices = slices;
  }

  @Override
  public <T extends Serializable, R extends Serializable> List<R> map(List<T> items,
      Task<T, R> task) {
    if (items.isEmpty()) {
      return List.of();
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int tasks = Math.min(items.size(), slices > 0 ? slices
        : Math.max(1, 4 * jsc.defaultParallelism()));
    return jsc.parallelize(items, tasks).map(task::apply).collect();
  }

  @Override
  public String toString() {
    return "Spark tasks";
  }
}
