package org.deltarad.jobs;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.deltarad.image.Image3D;
import org.deltarad.jobs.StageException.Stage;
import org.deltarad.jobs.MaskValidator.Roi;

/**
 * The unit of work: one manifest row (with its content hashes) to one result row, on an
 * executor. Every exception a volume can raise becomes an error row naming the stage; only a
 * JVM {@link Error} (out of memory) fails the task, so that Spark retries it.
 *
 * <p>Stages: {@code validate} for the manifest row itself (blank key, bad label or override),
 * {@code read} for the sidecar, image and mask files, {@code validate} for missing covariates and
 * the {@link MaskValidator} checks, {@code extract} for the feature engine.
 */
public final class VolumeTask implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final VolumeReader reader;
  private final FeatureEngine engine;
  private final Broadcast<SerializableConf> conf;
  private final LongAccumulator succeeded;
  private final LongAccumulator failed;

  public VolumeTask(VolumeReader reader, FeatureEngine engine, Broadcast<SerializableConf> conf,
      LongAccumulator succeeded, LongAccumulator failed) {
    this.reader = reader;
    this.engine = engine;
    this.conf = conf;
    this.succeeded = succeeded;
    this.failed = failed;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row out = process(rows.next());
        if (VolumeResult.isOk(out)) {
          succeeded.add(1);
        } else {
          failed.add(1);
        }
        return out;
      }
    };
  }

  /** One volume; never throws an Exception. */
  public Row process(Row in) {
    long t0 = System.nanoTime();
    Integer label = null;
    Stage stage = Stage.VALIDATE;
    try {
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
      ScannerCovariates scanner =
          ScannerCovariates.resolve(in.getAs("sidecar"), overrides, conf.value().get());
      stage = Stage.READ;
      Image3D image = reader.read(in.getAs("image"), conf.value().get());
      Image3D mask = reader.read(in.getAs("mask"), conf.value().get());
      stage = Stage.VALIDATE;
      Roi roi = MaskValidator.check(image, mask, label, engine.defaultLabel());
      GeometryCovariates geometry = GeometryCovariates.of(image);
      stage = Stage.EXTRACT;
      Map<String, Double> features = engine.extract(image, roi.mask());
      return VolumeResult.success(in, label, features, scanner, geometry, roi.voxels(),
          in.getAs("image_sha256"), in.getAs("mask_sha256"), millis(t0));
    } catch (StageException e) {
      return VolumeResult.error(in, label, e.stage().label(), e.errorClass(), e.getMessage(),
          millis(t0));
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
