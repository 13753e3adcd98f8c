package org.deltarad.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deltarad.features.RadiomicsExtractor;
import org.deltarad.features.RadiomicsSettings;
import org.deltarad.image.Image3D;
import org.deltarad.image.ImageReaders;

/**
 * Every feature value of a fixed set of cases, as exact bits ({@link Double#doubleToRawLongBits}
 * in hex), one line per case and feature: run it with the classes of two builds and diff the
 * outputs to check that a change left every value bit-identical. Uses only the public API, so
 * it runs against older builds too:
 * <pre>
 * java -cp OLD_CLASSES:core/target/test-classes:DEPS org.deltarad.bench.FeatureDump TOP out.txt
 * </pre>
 * Cases: brain1 under eight settings (defaults with all shape features, bin count 64, z-score
 * normalisation, 2 mm B-spline resampling, merged directions without weighting, euclidean
 * weighting, distances 1 and 2 with gldm_a 1), the IBSI phantom (defaults, bin count 16), every
 * data-samples mask with all classes at the paper's settings, and the synthetic benchmark case
 * for three seeds.
 */
public final class FeatureDump {
  private FeatureDump() {}

  private static final String ALL = "featureClass: {firstorder: , glcm: , glrlm: , glszm: ,"
      + " gldm: , ngtdm: , shape: [MeshVolume, VoxelVolume, SurfaceArea, SurfaceVolumeRatio,"
      + " Sphericity, Maximum3DDiameter, Maximum2DDiameterSlice, Maximum2DDiameterColumn,"
      + " Maximum2DDiameterRow, MajorAxisLength, MinorAxisLength, LeastAxisLength, Elongation,"
      + " Flatness, Compactness1, Compactness2, SphericalDisproportion]}\n";

  private static RadiomicsSettings settings(String setting) {
    return RadiomicsSettings.fromYaml("setting: {" + setting + "}\n" + ALL, "dump");
  }

  public static void main(String[] args) throws IOException {
    Path top = Path.of(args[0]);
    Path ref = top.resolve("core/src/test/resources/reference");
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[1])))) {
      Image3D brain = ImageReaders.read(ref.resolve("pyradiomics-brain1/brain1_image.nrrd")
          .toString());
      Image3D brainMask = ImageReaders.read(ref.resolve("pyradiomics-brain1/brain1_label.nrrd")
          .toString());
      String[] brainSettings = {"binWidth: 25", "binCount: 64",
          "normalize: true, normalizeScale: 100, binWidth: 5",
          "resampledPixelSpacing: [2, 2, 2], interpolator: sitkBSpline, binWidth: 25",
          "weightingNorm: no_weighting, binWidth: 25", "weightingNorm: euclidean, binWidth: 25",
          "distances: [1, 2], gldm_a: 1, binWidth: 25", "binWidth: 25, voxelArrayShift: 300"};
      for (String s : brainSettings) {
        dump(out, "brain1 {" + s + "}", settings(s), brain, brainMask);
      }
      Path ibsi = ref.resolve("ibsi-digital-phantom");
      Image3D phantom = ImageReaders.read(ibsi.resolve("phantom.nii.gz").toString());
      Image3D phantomMask = ImageReaders.read(ibsi.resolve("mask.nii.gz").toString());
      for (String s : new String[] {"binWidth: 1", "binCount: 16"}) {
        dump(out, "ibsi {" + s + "}", settings(s), phantom, phantomMask);
      }
      RadiomicsSettings paper = settings("binWidth: 10, deltaradNormalize: mean100, label: 1");
      List<Path> masks = new ArrayList<>();
      try (Stream<Path> files = Files.walk(top.resolve("data-samples"))) {
        files.filter(p -> p.getFileName().toString().startsWith("mask_")).sorted()
            .forEach(masks::add);
      }
      for (Path m : masks) {
        Image3D image = ImageReaders.read(m.resolveSibling("T2w.nii.gz").toString());
        dump(out, top.relativize(m).toString(), paper, image,
            ImageReaders.read(m.toString()));
      }
      for (long seed : new long[] {42, 7, 11}) {
        Image3D[] c = BenchCase.syntheticCaseAsStored(seed);
        dump(out, "synthetic " + seed, paper, c[0], c[1]);
      }
    }
  }

  private static void dump(PrintWriter out, String name, RadiomicsSettings s, Image3D image,
      Image3D mask) {
    try {
      Map<String, Double> f = new RadiomicsExtractor(s).extract(image, mask);
      for (Map.Entry<String, Double> e : f.entrySet()) {
        out.println(name + "\t" + e.getKey() + "\t"
            + Long.toHexString(Double.doubleToRawLongBits(e.getValue())) + "\t" + e.getValue());
      }
    } catch (RuntimeException e) {
      out.println(name + "\terror\t" + e);
    }
  }
}
