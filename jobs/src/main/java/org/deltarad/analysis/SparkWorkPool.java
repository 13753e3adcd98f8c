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

  SparkWorkPool(SparkSession spark) {
    this.spark = spark;
  }

  @Override
  public <T extends Serializable, R extends Serializable> List<R> map(List<T> items,
      Task<T, R> task) {
    if (items.isEmpty()) {
      return List.of();
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int slices = Math.min(items.size(), Math.max(1, 4 * jsc.defaultParallelism()));
    return jsc.parallelize(items, slices).map(task::apply).collect();
  }

  @Override
  public String toString() {
    return "Spark tasks";
  }
}
