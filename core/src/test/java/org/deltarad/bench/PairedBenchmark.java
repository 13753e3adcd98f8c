package org.deltarad.bench;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A/B of two builds of the feature engine in one JVM, called alternately case by case, so that
 * both meet the same host speed: on this project's VM the speed drifts by up to 2x within
 * minutes, which swamps a 5% change between separate runs. Each build gets its own class loader
 * (its classes, then this benchmark's, then the dependencies), the synthetic case of
 * {@link FeatureBenchmark} and the paper's settings with all 93 non-shape features. Reports both
 * medians and the median of the per-pair ratio B/A with its interquartile range; the order
 * within a pair alternates.
 *
 * <pre>
 * java -cp core/target/test-classes org.deltarad.bench.PairedBenchmark CLASSES_A CLASSES_B \
 *     TEST_CLASSES DEPENDENCY_CLASSPATH [extract|extract-all|shape|preprocessing] [warm-up pairs] [timed pairs] \
 *     [same|as-read|double]
 * </pre>
 * {@code as-read} gives each build the case as its own readers hold an int16 image and uint8
 * mask (doubles before 16-bit storage); by default both get the same storage, 16-bit if both
 * builds have it; {@code double} gives both doubles (the path of float images).
 * {@code bench/ab-features.sh} builds two git revisions and runs this.
 */
public final class PairedBenchmark {
  private PairedBenchmark() {}

  /** The synthetic case in this build: as read from int16/uint8 files, or as doubles. */
  private static Object[] images(Class<?> bench, boolean stored)
      throws ReflectiveOperationException {
    return (Object[]) bench.getMethod(stored ? "syntheticCaseAsStored" : "syntheticCase",
        long.class).invoke(null, 42L);
  }

  /** Whether this build holds 16-bit images (builds before that cannot make the stored case). */
  private static boolean holdsShorts(ClassLoader loader) throws ClassNotFoundException {
    try {
      loader.loadClass("org.deltarad.image.Image3D").getConstructor(int.class, int.class,
          int.class, short[].class, double[].class, double[].class, double[].class, String.class);
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static Runnable stage(ClassLoader loader, String stage, boolean stored)
      throws ReflectiveOperationException {
    Class<?> bench = loader.loadClass(BenchCase.class.getName());
    Object[] c = images(bench, stored);
    // extract: the 93 non-shape features; extract-all: with the 14 shape features; shape: those
    Object settings = bench.getMethod(stage.equals("extract-all") ? "paperWithShape"
        : stage.equals("shape") ? "paperShapeOnly" : "paperAllFeatures").invoke(null);
    Class<?> settingsClass = loader.loadClass("org.deltarad.features.RadiomicsSettings");
    Class<?> imageClass = loader.loadClass("org.deltarad.image.Image3D");
    Object target;
    Method call;
    if (stage.equals("preprocessing")) {
      target = null;
      call = loader.loadClass("org.deltarad.features.Preprocessing").getMethod("run", imageClass,
          imageClass, settingsClass);
    } else if (List.of("extract", "extract-all", "shape").contains(stage)) {
      Class<?> extractor = loader.loadClass("org.deltarad.features.RadiomicsExtractor");
      target = extractor.getConstructor(settingsClass).newInstance(settings);
      call = extractor.getMethod("extract", imageClass, imageClass);
    } else {
      throw new IllegalArgumentException("stage must be extract, extract-all, shape or"
          + " preprocessing, not " + stage);
    }
    Object[] arguments = target == null ? new Object[] {c[0], c[1], settings}
        : new Object[] {c[0], c[1]};
    return () -> {
      try {
        call.invoke(target, arguments);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    };
  }

  private static ClassLoader loader(String classes, String testClasses, String dependencies)
      throws java.net.MalformedURLException {
    List<URL> urls = new ArrayList<>();
    urls.add(Path.of(classes).toUri().toURL());
    urls.add(Path.of(testClasses).toUri().toURL());
    for (String d : dependencies.split(java.io.File.pathSeparator)) {
      if (!d.isEmpty()) {
        urls.add(Path.of(d).toUri().toURL());
      }
    }
    // the platform loader as parent: DeltaRad's classes are not shared between A and B
    return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: PairedBenchmark CLASSES_A CLASSES_B TEST_CLASSES DEPENDENCIES"
          + " [extract|extract-all|shape|preprocessing] [warm-up pairs] [timed pairs] [same|as-read|double]");
      System.exit(2);
    }
    String stage = args.length > 4 ? args[4] : "extract";
    int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 1000;
    int runs = args.length > 6 ? Integer.parseInt(args[6]) : 2000;
    ClassLoader loaderA = loader(args[0], args[2], args[3]);
    ClassLoader loaderB = loader(args[1], args[2], args[3]);
    // The case as an int16 image and uint8 mask are read, unless a build predates that storage:
    // then both get doubles, or with "as-read" each build gets what its readers would give for
    // those files (old builds doubles, newer ones 16-bit), which is the user's comparison.
    String storage = args.length > 7 ? args[7] : "same";
    if (!List.of("same", "as-read", "double").contains(storage)) {
      throw new IllegalArgumentException("storage must be same, as-read or double: " + storage);
    }
    boolean asRead = storage.equals("as-read");
    boolean bothShorts = !storage.equals("double") && holdsShorts(loaderA)
        && holdsShorts(loaderB);
    boolean storedA = asRead ? holdsShorts(loaderA) : bothShorts;
    boolean storedB = asRead ? holdsShorts(loaderB) : bothShorts;
    Runnable a = stage(loaderA, stage, storedA);
    Runnable b = stage(loaderB, stage, storedB);
    System.out.printf("stage %s, A %s voxels, B %s; host reference loop %.0f ms (about 120 when"
        + " quiet)%n", stage, storedA ? "16-bit" : "double", storedB ? "16-bit" : "double",
        FeatureBenchmark.hostReferenceMs());
    for (int i = 0; i < warmup; i++) {
      a.run();
      b.run();
    }
    double[] ta = new double[runs];
    double[] tb = new double[runs];
    double[] ratio = new double[runs];
    for (int i = 0; i < runs; i++) {
      boolean aFirst = (i & 1) == 0;
      long t0 = System.nanoTime();
      (aFirst ? a : b).run();
      long t1 = System.nanoTime();
      (aFirst ? b : a).run();
      long t2 = System.nanoTime();
      double first = (t1 - t0) / 1e6;
      double second = (t2 - t1) / 1e6;
      ta[i] = aFirst ? first : second;
      tb[i] = aFirst ? second : first;
      ratio[i] = tb[i] / ta[i];
    }
    Arrays.sort(ta);
    Arrays.sort(tb);
    Arrays.sort(ratio);
    System.out.printf("A median %.3f ms, B median %.3f ms; B/A per pair: median %.3f"
        + " (quartiles %.3f-%.3f), %d pairs%n", ta[runs / 2], tb[runs / 2], ratio[runs / 2],
        ratio[runs / 4], ratio[3 * runs / 4], runs);
    System.out.printf("host reference loop after: %.0f ms%n", FeatureBenchmark.hostReferenceMs());
  }
}
