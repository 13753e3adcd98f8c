package org.deltarad.analysis;

import java.io.Serializable;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Where independent pieces of work (one feature, one cross-validation fold) run: threads of this
 * JVM, or Spark tasks ({@code SparkWorkPool}). Results come back in the order of the items, so
 * the outcome never depends on where or in which order the work ran.
 */
public interface WorkPool {
  /** A piece of work that can be shipped to an executor. */
  interface Task<T, R> extends Function<T, R>, Serializable {}

  <T extends Serializable, R extends Serializable> List<R> map(List<T> items, Task<T, R> task);

  /** Threads of this JVM (the common fork-join pool), results in item order. */
  static WorkPool local() {
    return new WorkPool() {
      @Override
      public <T extends Serializable, R extends Serializable> List<R> map(List<T> items,
          Task<T, R> task) {
        return IntStream.range(0, items.size()).parallel().mapToObj(i -> task.apply(items.get(i)))
            .collect(Collectors.toList());
      }

      @Override
      public String toString() {
        return "driver threads";
      }
    };
  }
}
