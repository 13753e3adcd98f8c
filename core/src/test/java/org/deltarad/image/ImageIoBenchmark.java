package org.deltarad.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Read/write timings of a typical MRI volume (192x192x24 int16, gzip) and of brain1.nrrd.
 * Not a test: run after {@code mvn -o -q -pl core test-compile} with
 * {@code java -cp core/target/test-classes:core/target/classes:$(cat cp.txt)
 * org.deltarad.image.ImageIoBenchmark [brain1.nrrd]}.
 */
public final class ImageIoBenchmark {
  private ImageIoBenchmark() {}

  public static void main(String[] args) throws Exception {
    int nx = 192;
    int ny = 192;
    int nz = 24;
    double[] v = new double[nx * ny * nz];
    Random rnd = new Random(42);
    for (int i = 0; i < v.length; i++) {
      // Smooth-ish texture plus noise, so gzip sees realistic entropy.
      int x = i % nx;
      int y = (i / nx) % ny;
      v[i] = Math.rint(400 + 200 * Math.sin(x / 9.0) * Math.cos(y / 13.0) + 30 * rnd.nextGaussian());
    }
    Image3D img = new Image3D(nx, ny, nz, v, new double[] {0.7, 0.7, 4}, new double[3],
        Image3D.identity(), "bench");
    Path dir = Files.createTempDirectory("deltarad-bench");
    String nii = dir.resolve("bench.nii.gz").toString();
    String raw = dir.resolve("bench.nii").toString();

    time("write 192x192x24 int16 .nii.gz", 20, () -> NiftiWriter.write(img, NiftiDatatype.INT16, nii));
    time("write 192x192x24 int16 .nii   ", 20, () -> NiftiWriter.write(img, NiftiDatatype.INT16, raw));
    System.out.printf("  .nii.gz size %d bytes%n", Files.size(Path.of(nii)));
    time("read  192x192x24 int16 .nii.gz", 50, () -> NiftiReader.read(nii));
    time("read  192x192x24 int16 .nii   ", 50, () -> NiftiReader.read(raw));
    time("sha256 .nii.gz                ", 50, () -> ContentHash.sha256(nii, ImageFiles.defaultConf()));
    if (args.length > 0) {
      time("read  " + args[0], 20, () -> ImageReaders.read(args[0]));
    }
  }

  interface Task {
    void run() throws Exception;
  }

  static void time(String label, int reps, Task t) throws Exception {
    for (int i = 0; i < 5; i++) {
      t.run(); // warm-up (JIT, Hadoop FileSystem initialisation)
    }
    double[] ms = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      t.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf("%s  median %.2f ms  min %.2f ms%n", label, ms[reps / 2], ms[0]);
  }
}
