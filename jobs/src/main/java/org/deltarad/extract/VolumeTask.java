package org.deltarad.extract;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.deltarad.extract.MaskValidator.Roi;
import org.deltarad.extract.StageException.Stage;
import org.deltarad.image.Image3D;
import org.deltarad.image.ReadBuffers;
import org.deltarad.image.VolumeShape;
import org.deltarad.runtime.SerializableConf;

/**
 * The unit of work: one manifest row to one result row, on an executor. Every exception a volume
 * can raise becomes an error row naming the stage, and so does an {@link OutOfMemoryError}: the
 * volume's arrays are garbage once its row is made, so the task goes on with the next volume
 * (Spark would retry the task on another executor, fail the same way and end the job). Before
 * decoding, the volume is priced from its headers against the {@link VolumeBudget}; one over
 * budget is an error row ({@code MemoryBudgetExceeded}) without inflating anything.
 *
 * <p>The image and mask files are read once: their content hashes come from the bytes, and when
 * both equal the hashes of the volume's existing features row, and its label and resolved
 * scanner covariates are the same too ({@link PreviousRow}, joined in by the job), the row is a
 * skip and nothing is decoded.
 *
 * <p>Stages: {@code validate} for the manifest row itself (blank key, bad label or override),
 * {@code read} for the image, mask and sidecar files, {@code validate} for missing covariates and
 * the {@link MaskValidator} checks, {@code extract} for the feature engine.
 */
public final class VolumeTask implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  private final VolumeReader reader;
  private final FeatureEngine engine;
  private final Broadcast<SerializableConf> conf;
  private final LongAccumulator succeeded;
  private final LongAccumulator failed;
  private final LongAccumulator skipped;
  private final List<String> names;
  /** This executor's budget, worked out on first use there. */
  private transient VolumeBudget budget;

  public VolumeTask(VolumeReader reader, FeatureEngine engine, Broadcast<SerializableConf> conf,
      LongAccumulator succeeded, LongAccumulator failed, LongAccumulator skipped) {
    this.reader = reader;
    this.engine = engine;
    this.conf = conf;
    this.succeeded = succeeded;
    this.failed = failed;
    this.skipped = skipped;
    this.names = List.copyOf(engine.featureNames());
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    Scratch scratch = new Scratch(new ReadBuffers(), new ReadBuffers());
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row out = process(rows.next(), scratch);
        if (VolumeResult.isOk(out)) {
          succeeded.add(1);
        } else if (VolumeResult.isSkipped(out)) {
          skipped.add(1);
        } else {
          failed.add(1);
        }
        return out;
      }
    };
  }

  /**
   * The read buffers a task thread reuses from volume to volume: one set for images, one for
   * masks, as both volumes' files are held until both are decoded.
   */
  private record Scratch(ReadBuffers image, ReadBuffers mask) {
    /** The volume's features are out: its voxel arrays serve the next volume. */
    void recycle(Image3D decodedImage, Image3D decodedMask) {
      if (image != null) {
        image.recycle(decodedImage);
        mask.recycle(decodedMask);
      }
    }
  }

  /** One volume; never throws an Exception. */
  public Row process(Row in) {
    return process(in, new Scratch(null, null));
  }

  private Row process(Row in, Scratch scratch) {
    long t0 = System.nanoTime();
    Integer label = null;
    Stage stage = Stage.VALIDATE;
    try {
      if (in.schema() != null && in.schema().getFieldIndex(Manifest.PROBLEM).isDefined()
          && in.getAs(Manifest.PROBLEM) != null) {
        throw new StageException(Stage.VALIDATE, "ManifestError", in.getAs(Manifest.PROBLEM));
      }
      for (String k : Manifest.REQUIRED) {
        if (in.getAs(k) == null) {
          throw new StageException(Stage.VALIDATE, "ManifestError", "manifest row "
              + in.getAs(Manifest.ROW) + " has no " + k);
        }
      }
      label = parseLabel(in.getAs("label"), in);
      Map<String, String> overrides = new HashMap<>();
      for (String c : ScannerCovariates.FIELDS.keySet()) {
        overrides.put(c, in.getAs(c));
      }
      stage = Stage.READ;
      Configuration hadoop = conf.value().get();
      long budget = budget().bytes();
      VolumeReader.Loaded imageFiles = reader.load(in.getAs("image"), hadoop, budget,
          scratch.image());
      VolumeReader.Loaded maskFiles = reader.load(in.getAs("mask"), hadoop, budget,
          scratch.mask());
      String imageSha = imageFiles.sha256();
      String maskSha = maskFiles.sha256();
      boolean sameFiles = PreviousRow.sameFiles(in, imageSha, maskSha);
      stage = Stage.VALIDATE;
      ScannerCovariates scanner = ScannerCovariates.resolve(in.getAs("sidecar"), overrides, hadoop);
      if (sameFiles && PreviousRow.sameInputs(in, label, scanner)) {
        return VolumeResult.skipped(in, label, imageSha, maskSha, millis(t0));
      }
      stage = Stage.READ;
      String warnings = checkBudget(imageFiles, maskFiles, in);
      Image3D image = imageFiles.decode();
      Image3D mask = maskFiles.decode();
      stage = Stage.VALIDATE;
      Roi roi = MaskValidator.check(image, mask, label, engine.defaultLabel());
      GeometryCovariates geometry = GeometryCovariates.of(image);
      stage = Stage.EXTRACT;
      double[] features = inOrder(engine.extract(image, roi.mask(), budget));
      scratch.recycle(image, mask);
      return VolumeResult.success(in, label, features, scanner, geometry, roi.voxels(),
          imageSha, maskSha, millis(t0), warnings);
    } catch (StageException e) {
      return VolumeResult.error(in, label, e.stage().label(), e.errorClass(), e.getMessage(),
          millis(t0));
    } catch (OutOfMemoryError e) {
      // The volume's arrays are unreachable here: the row fails, the task and job go on.
      return VolumeResult.error(in, label, stage.label(), "OutOfMemoryError", in.getAs("image")
          + ": " + VolumeBudget.outOfMemory(stage.label(), e), millis(t0));
    } catch (Exception e) {
      String msg = StageException.oneLine(e);
      // Name the volume when the message does not (a bare NullPointerException, say).
      String image = in.getAs("image");
      String mask = in.getAs("mask");
      if (image != null && !msg.contains(image) && (mask == null || !msg.contains(mask))) {
        msg = image + ": " + msg;
      }
      return VolumeResult.error(in, label, stage.label(), e.getClass().getSimpleName(), msg,
          millis(t0));
    }
  }

  private VolumeBudget budget() {
    if (budget == null) {
      budget = VolumeBudget.here();
    }
    return budget;
  }

  /**
   * Refuses, before decoding, a volume whose headers promise more than the budget; returns the
   * headers' warnings ("image: ...; mask: ...") or null.
   */
  private String checkBudget(VolumeReader.Loaded image, VolumeReader.Loaded mask, Row in)
      throws Exception {
    VolumeShape is = image.shape();
    VolumeShape ms = mask.shape();
    if (is == null || ms == null) {
      return null; // a reader that cannot tell before decoding
    }
    String why = budget().refusal(is, ms, image.storedBytes() + mask.storedBytes());
    if (why != null) {
      throw new StageException(Stage.READ, "MemoryBudgetExceeded", in.getAs("image") + ": "
          + why);
    }
    List<String> w = new ArrayList<>();
    is.warnings().forEach(x -> w.add("image: " + x));
    ms.warnings().forEach(x -> w.add("mask: " + x));
    return w.isEmpty() ? null : String.join("; ", w);
  }

  /** The engine's values in its {@link FeatureEngine#featureNames()} order. */
  private double[] inOrder(Map<String, Double> features) throws StageException {
    double[] v = new double[names.size()];
    for (int i = 0; i < v.length; i++) {
      Double d = features.get(names.get(i));
      if (d == null) {
        throw new StageException(Stage.EXTRACT, "EngineError", "the feature engine returned no "
            + names.get(i));
      }
      v[i] = d;
    }
    if (features.size() != v.length) {
      throw new StageException(Stage.EXTRACT, "EngineError", "the feature engine returned "
          + features.size() + " features, not the " + v.length + " it declares");
    }
    return v;
  }

  private int parseLabel(String s, Row in) throws StageException {
    if (s == null) {
      return engine.defaultLabel();
    }
    try {
      double d = Double.parseDouble(s);
      if (d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE) {
        return (int) d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new StageException(Stage.VALIDATE, "ManifestError", "manifest row "
        + in.getAs(Manifest.ROW) + " has label '" + s + "', not an integer");
  }

  private static long millis(long t0) {
    // rounded, not truncated, so that a mean over many volumes is not biased down by 0.5 ms
    return Math.round((System.nanoTime() - t0) / 1e6);
  }
}
