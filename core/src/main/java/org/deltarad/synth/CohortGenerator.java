package org.deltarad.synth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.deltarad.image.Image3D;
import org.deltarad.image.NiftiDatatype;
import org.deltarad.image.NiftiWriter;

/**
 * Generates a synthetic delta-radiomics cohort with planted truth (see {@code conf/synth-model.md}
 * for the generative model), one patient at a time: each patient's volumes are rendered, written
 * and dropped before the next, so a cohort of any size needs the memory of one patient. Every
 * patient has its own random streams seeded from (seed, patient index), so the output is
 * byte-identical for a seed.
 *
 * <p>Layout under the output directory: {@code clinical.csv}, {@code manifest.csv},
 * {@code latent.csv} (per-patient hidden values), {@code ground_truth.json} (model, strengths,
 * planted features) and per patient {@code <id>/<pre|mid>/T2w.nii.gz} (int16),
 * {@code T2w.json} (sidecar), {@code mask_reader1.nii.gz} and, for about a quarter of patients,
 * {@code mask_reader2.nii.gz} (uint8).
 */
public final class CohortGenerator {
  static final String[] TIMEPOINTS = {"pre", "mid"};
  static final int MIN_MID_VOXELS = 250;

  private final SynthParams params;
  private final SurvivalModel survival;

  public CohortGenerator(SynthParams params) {
    this.params = params;
    this.survival = SurvivalModel.calibrate(params);
  }

  public SynthParams params() {
    return params;
  }

  /** One time point of a patient: scanner, rendered scan, and reader 2 when present. */
  record Session(String timepoint, Scanner scanner, ScanRenderer.Scan scan,
      SecondReader.Result reader2) {}

  /** Everything generated for one patient (held in memory only while it is written). */
  record PatientVolumes(PatientCase patient, PatientAnatomy anatomy, double midScale,
      double midDiameterCm, Session pre, Session mid) {
    Session session(String timepoint) {
      return "pre".equals(timepoint) ? pre : mid;
    }
  }

  /** Counts of a finished run. */
  public record Summary(int patients, int events, int reader2Patients, long bytes,
      double seconds) {}

  /** Generates patient {@code index} (from 0) in memory. */
  PatientVolumes patient(int index) {
    if (index < 0 || index >= params.patients()) {
      throw new IllegalArgumentException("patient index " + index + " outside 0.."
          + (params.patients() - 1));
    }
    String id = PatientCase.idFor(index, params.patients());
    PatientCase pc = PatientCase.draw(index, id, params, survival);
    PatientAnatomy an = new PatientAnatomy(pc, params,
        SynthRandom.of(params.seed(), index, "anatomy"));
    Scanner scPre = Scanner.draw(SynthRandom.of(params.seed(), index, "scanner-pre"), false);
    Scanner scMid = Scanner.draw(SynthRandom.of(params.seed(), index, "scanner-mid"), true);
    // The residual tumour keeps at least ~MIN_MID_VOXELS voxels (ellipsoid volume; lobulation
    // takes some off): never an empty mask, and enough voxels for a texture that is not noise.
    double minScale = StrictMath.cbrt(MIN_MID_VOXELS * scMid.voxelVolumeMm3()
        / an.ellipsoidVolumeMm3());
    double midScale = Math.min(0.95, Math.max(pc.shrinkRatio(), minScale));
    boolean twoReaders = params.hasReader2(index);
    Session pre = session(pc, an, scPre, false, 1, twoReaders, index);
    Session mid = session(pc, an, scMid, true, midScale, twoReaders, index);
    return new PatientVolumes(pc, an, midScale, midDiameterCm(pc, midScale, index), pre, mid);
  }

  /**
   * The mid-treatment maximum diameter a radiologist would measure on the rendered residual
   * tumour: true diameter x render scale x exp(N(0, 0.07)), 0.1 cm, at least 0.3 cm. Its own
   * random stream, so adding it changed no other generated value.
   */
  private double midDiameterCm(PatientCase pc, double midScale, int index) {
    SynthRandom r = SynthRandom.of(params.seed(), index, "mid-diameter");
    return PatientCase.round1(Math.max(0.3, pc.trueDiameterCm() * midScale
        * StrictMath.exp(r.gaussian(0, 0.07))));
  }

  private Session session(PatientCase pc, PatientAnatomy an, Scanner sc, boolean mid,
      double scale, boolean twoReaders, int index) {
    String tp = mid ? "mid" : "pre";
    SynthRandom r = SynthRandom.of(params.seed(), index, "render-" + tp);
    ScanRenderer.Scan scan = ScanRenderer.render(pc, an, sc, params, mid, scale, r,
        pc.id() + "/" + tp);
    if (scan.maskVoxels() == 0) {
      throw new IllegalStateException(pc.id() + "/" + tp + ": synthesised tumour mask is empty");
    }
    SecondReader.Result r2 = null;
    if (twoReaders) {
      r2 = SecondReader.perturb(scan.implicit(), scan.mask().voxels(), params.nx(), params.ny(),
          params.nz(), scan.image().spacing(), mid,
          SynthRandom.of(params.seed(), index, "reader2-" + tp));
    }
    return new Session(tp, sc, scan, r2);
  }

  /**
   * Writes the cohort to {@code outDir} (created; must be empty or absent unless
   * {@code overwrite}). {@code progress} gets each finished patient's id (may be null).
   */
  public Summary writeTo(Path outDir, boolean overwrite, java.util.function.Consumer<String> progress)
      throws IOException {
    long t0 = System.nanoTime();
    prepare(outDir, overwrite);
    int events = 0;
    int twoReaders = 0;
    long bytes = 0;
    List<double[]> dice = new ArrayList<>();
    try (BufferedWriter clinical = csv(outDir.resolve("clinical.csv"),
            "patient_id,age,figo_stage,max_diameter_cm,pfs_months,progression,"
                + "mid_diameter_cm");
        BufferedWriter manifest = csv(outDir.resolve("manifest.csv"),
            "patient_id,timepoint,reader,image,mask,sidecar");
        BufferedWriter latent = csv(outDir.resolve("latent.csv"), LATENT_HEADER)) {
      for (int i = 0; i < params.patients(); i++) {
        PatientVolumes pv = patient(i);
        PatientCase pc = pv.patient();
        for (String tp : TIMEPOINTS) {
          Session s = pv.session(tp);
          String dir = pc.id() + "/" + tp + "/";
          bytes += writeNifti(outDir, dir + "T2w.nii.gz", s.scan().image(), NiftiDatatype.INT16);
          bytes += writeNifti(outDir, dir + "mask_reader1.nii.gz", s.scan().mask(),
              NiftiDatatype.UINT8);
          bytes += writeJson(outDir.resolve(dir + "T2w.json"),
              s.scanner().sidecar("T2 TSE ax obl (" + tp + "-treatment)"));
          manifest.write(String.join(",", pc.id(), tp, "1", dir + "T2w.nii.gz",
              dir + "mask_reader1.nii.gz", dir + "T2w.json"));
          manifest.newLine();
          if (s.reader2() != null) {
            Image3D m2 = s.scan().mask().withVoxels(s.reader2().mask(), pc.id() + "/" + tp
                + " (reader 2 mask)");
            bytes += writeNifti(outDir, dir + "mask_reader2.nii.gz", m2, NiftiDatatype.UINT8);
            manifest.write(String.join(",", pc.id(), tp, "2", dir + "T2w.nii.gz",
                dir + "mask_reader2.nii.gz", dir + "T2w.json"));
            manifest.newLine();
          }
        }
        clinical.write(String.join(",", pc.id(), Integer.toString(pc.age()),
            Integer.toString(pc.figo()), fmt(pc.diameterCm(), 1), fmt(pc.pfsMonths(), 1),
            pc.progression() ? "1" : "0", fmt(pv.midDiameterCm(), 1)));
        clinical.newLine();
        latent.write(latentRow(pv));
        latent.newLine();
        events += pc.progression() ? 1 : 0;
        if (pv.pre().reader2() != null) {
          twoReaders++;
          dice.add(new double[] {pv.pre().reader2().dice(), pv.mid().reader2().dice()});
        }
        if (progress != null) {
          progress.accept(pc.id());
        }
      }
    }
    bytes += Files.size(outDir.resolve("clinical.csv")) + Files.size(outDir.resolve("manifest.csv"))
        + Files.size(outDir.resolve("latent.csv"));
    bytes += writeJson(outDir.resolve("ground_truth.json"), groundTruth(events, twoReaders, dice));
    return new Summary(params.patients(), events, twoReaders, bytes,
        (System.nanoTime() - t0) / 1e9);
  }

  private static void prepare(Path outDir, boolean overwrite) throws IOException {
    if (Files.exists(outDir)) {
      if (!Files.isDirectory(outDir)) {
        throw new IOException(outDir + ": exists and is not a directory");
      }
      boolean empty;
      try (Stream<Path> s = Files.list(outDir)) {
        empty = s.findAny().isEmpty();
      }
      if (!empty && !overwrite) {
        throw new IOException(outDir + ": directory is not empty (use --force to overwrite)");
      }
    }
    Files.createDirectories(outDir);
  }

  private static BufferedWriter csv(Path file, String header) throws IOException {
    BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    w.write(header);
    w.newLine();
    return w;
  }

  private static long writeNifti(Path outDir, String rel, Image3D img, NiftiDatatype type)
      throws IOException {
    Path file = outDir.resolve(rel);
    Files.createDirectories(file.getParent());
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file),
        1 << 16)) {
      NiftiWriter.write(img, type, out, true);
    }
    return Files.size(file);
  }

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  private static long writeJson(Path file, Object value) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] b = (JSON.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
    Files.write(file, b);
    return b.length;
  }

  static final String LATENT_HEADER = "patient_id,biology,linear_predictor,event_time_months,"
      + "censor_months,grain_pre_mm,grain_mid_mm,heterogeneity_pre,heterogeneity_mid,"
      + "necrosis_pre,necrosis_mid,shrink_ratio,mid_render_scale,mid_t2_factor,"
      + "true_diameter_cm,vendor_pre,field_pre,vendor_mid,field_mid,noise_pre,noise_mid,"
      + "blur_pre,blur_mid,mask_voxels_pre,mask_voxels_mid,reader2,dice_pre,dice_mid";

  private static String latentRow(PatientVolumes pv) {
    PatientCase pc = pv.patient();
    Session a = pv.pre();
    Session b = pv.mid();
    boolean r2 = a.reader2() != null;
    return String.join(",", pc.id(), fmt(pc.biology(), 5), fmt(pc.linearPredictor(), 5),
        fmt(pc.eventTimeMonths(), 3), fmt(pc.censorMonths(), 3), fmt(pc.grainPreMm(), 4),
        fmt(pc.grainMidMm(), 4), fmt(pc.heterogeneityPre(), 4), fmt(pc.heterogeneityMid(), 4),
        fmt(pc.necrosisPre(), 4), fmt(pc.necrosisMid(), 4), fmt(pc.shrinkRatio(), 4),
        fmt(pv.midScale(), 4), fmt(pc.midT2Factor(), 4), fmt(pc.trueDiameterCm(), 3),
        a.scanner().vendor(), fmt(a.scanner().fieldT(), 1), b.scanner().vendor(),
        fmt(b.scanner().fieldT(), 1), fmt(a.scanner().noiseRel(), 4),
        fmt(b.scanner().noiseRel(), 4), fmt(a.scanner().blurVoxels(), 3),
        fmt(b.scanner().blurVoxels(), 3), Integer.toString(a.scan().maskVoxels()),
        Integer.toString(b.scan().maskVoxels()), r2 ? "1" : "0",
        r2 ? fmt(a.reader2().dice(), 4) : "", r2 ? fmt(b.reader2().dice(), 4) : "");
  }

  static String fmt(double x, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", x);
  }

  private Map<String, Object> groundTruth(int events, int twoReaders, List<double[]> dice) {
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("generator", "deltarad synth");
    g.put("model_doc", "conf/synth-model.md");
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("patients", params.patients());
    p.put("seed", params.seed());
    p.put("size", List.of(params.nx(), params.ny(), params.nz()));
    p.put("no_signal", params.noSignal());
    p.put("tumour_scale", params.tumourScale());
    p.put("reader2_fraction", params.reader2Fraction());
    p.put("target_event_fraction", params.eventFraction());
    g.put("parameters", p);

    Map<String, Object> hazard = new LinkedHashMap<>();
    hazard.put("model", "Weibull proportional hazards S(t|x) = exp(-(t/scale)^shape * exp(lp))");
    hazard.put("shape", SurvivalModel.SHAPE);
    hazard.put("scale_months", survival.scaleMonths());
    hazard.put("linear_predictor", "biology_log_hr*biology + figo_log_hr*(figo_stage-2.6)"
        + " + size_log_hr*(ln(true_diameter_cm)-ln(5.2))/0.27");
    hazard.put("biology_log_hr", params.effectiveBiologyLogHr());
    hazard.put("figo_log_hr", params.effectiveFigoLogHr());
    hazard.put("size_log_hr", params.effectiveSizeLogHr());
    hazard.put("censoring", "min(Uniform(12,125) months administrative, Exponential(0.0015/month)"
        + " loss to follow-up)");
    g.put("hazard", hazard);

    List<Object> planted = new ArrayList<>();
    planted.add(property("grain", "correlation length (mm) of the tumour's log-T2 Gaussian field",
        "grain_mid = grain_pre * exp(0.10 + effect*biology + 0.07*e)", params.grainEffect(),
        List.of(feature("glszm_ZonePercentage", -1), feature("glszm_SmallAreaEmphasis", -1),
            feature("glszm_SizeZoneNonUniformityNormalized", -1),
            feature("glszm_SmallAreaHighGrayLevelEmphasis", -1),
            feature("glszm_LargeAreaEmphasis", 1), feature("glrlm_RunPercentage", -1),
            feature("glrlm_ShortRunEmphasis", -1), feature("glrlm_LongRunEmphasis", 1),
            feature("gldm_LargeDependenceEmphasis", 1), feature("gldm_SmallDependenceEmphasis", -1),
            feature("glcm_Correlation", 1), feature("glcm_Idm", 1), feature("glcm_Contrast", -1),
            feature("ngtdm_Coarseness", 1))));
    planted.add(property("heterogeneity", "SD of the tumour's log-T2 field (texture contrast)",
        "het_mid = het_pre * exp(-0.15 + effect*biology + 0.08*e)", params.heterogeneityEffect(),
        List.of(feature("glcm_Contrast", sign(params.heterogeneityEffect())),
            feature("glcm_JointEntropy", sign(params.heterogeneityEffect())),
            feature("glcm_DifferenceEntropy", sign(params.heterogeneityEffect())),
            feature("firstorder_Entropy", sign(params.heterogeneityEffect())),
            feature("glszm_ZonePercentage", sign(params.heterogeneityEffect())),
            feature("glszm_ZoneEntropy", sign(params.heterogeneityEffect())),
            feature("ngtdm_Contrast", sign(params.heterogeneityEffect())),
            // fewer distinct grey levels when heterogeneity falls: more uniform histograms
            feature("firstorder_Uniformity", -sign(params.heterogeneityEffect())),
            feature("glszm_GrayLevelNonUniformityNormalized", -sign(params.heterogeneityEffect())),
            feature("glrlm_GrayLevelNonUniformityNormalized",
                -sign(params.heterogeneityEffect())))));
    g.put("planted_delta_texture", planted);
    g.put("note_directions", "sign of d(delta feature)/d(biology) for a positive"
        + " effect (for heterogeneity the signs shown already include the effect's sign):"
        + " progressors (high biology) have lower delta GLSZM ZonePercentage, SmallAreaEmphasis"
        + " and SZNN, as in the paper. Expected features are a guide from the texture model,"
        + " not measured values");

    Map<String, Object> weak = new LinkedHashMap<>();
    weak.put("pre_grain", "grain_pre = 1.5 mm * exp(0.18*e + " + PatientCase.PRE_TRACE_GRAIN
        + "*biology)");
    weak.put("pre_heterogeneity", "het_pre = 0.22 * exp(0.15*e + "
        + PatientCase.PRE_TRACE_HETEROGENEITY + "*biology)");
    weak.put("mid_minimum", "the residual tumour keeps at least ~" + MIN_MID_VOXELS
        + " voxels (ellipsoid volume)");
    weak.put("shrink_ratio", "mid/pre diameter = 0.60 + 0.04*biology + 0.11*e, in [0.30, 0.95]");
    weak.put("figo_and_size", "independent of biology; hazard via figo_log_hr and size_log_hr");
    g.put("weaker_signal", weak);

    Map<String, Object> nuisance = new LinkedHashMap<>();
    nuisance.put("necrosis", "fraction Uniform(0, 0.12) pre, x Uniform(0.4, 1.3) at mid");
    nuisance.put("mid_t2_drop", "tumour T2 x Uniform(0.82, 0.95) at mid for everybody");
    nuisance.put("scanner", "noise, blur, contrast (TR/TE/T1/T2 at 1.5/3 T), bias field and"
        + " intensity scale depend on vendor, field strength, TR, TE, voxel size and averages");
    g.put("nuisance", nuisance);

    Map<String, Object> readers = new LinkedHashMap<>();
    readers.put("reader1", "the rendered tumour (implicit function < 0 at voxel centres)");
    readers.put("reader2", "boundary displaced by A*(beta + smooth field), A set per scan so Dice"
        + " hits a target drawn from N(0.85, 0.03) pre, N(0.60, 0.07) mid");
    readers.put("patients_with_reader2", twoReaders);
    double sumPre = 0;
    double sumMid = 0;
    for (double[] d : dice) {
      sumPre += d[0];
      sumMid += d[1];
    }
    readers.put("mean_dice_pre", dice.isEmpty() ? null : sumPre / dice.size());
    readers.put("mean_dice_mid", dice.isEmpty() ? null : sumMid / dice.size());
    g.put("readers", readers);

    Map<String, Object> outcome = new LinkedHashMap<>();
    outcome.put("events", events);
    outcome.put("event_fraction", (double) events / params.patients());
    g.put("outcome", outcome);
    Map<String, Object> files = new LinkedHashMap<>();
    files.put("clinical", "clinical.csv");
    files.put("manifest", "manifest.csv");
    files.put("latent", "latent.csv");
    g.put("files", files);
    return g;
  }

  private static Map<String, Object> property(String name, String what, String formula,
      double effect, List<Object> features) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("property", name);
    m.put("what", what);
    m.put("formula", formula);
    m.put("effect_per_sd_biology", effect);
    m.put("expected_features", features);
    return m;
  }

  private static int sign(double x) {
    return x >= 0 ? 1 : -1;
  }

  private static Map<String, Object> feature(String name, int sign) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("feature", name);
    m.put("direction", sign);
    return m;
  }
}
