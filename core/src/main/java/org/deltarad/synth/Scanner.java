package org.deltarad.synth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One T2-weighted acquisition's scanner and protocol, and the hidden ways they shape the image.
 *
 * <p>Observable (written to the sidecar): vendor, model, field strength, TR, TE, flip angle, slice
 * thickness, number of averages, pixel spacing. Hidden effects, all smooth functions of those
 * covariates plus a little per-scan jitter, so that a linear regression on the covariates
 * removes most of their effect on features:
 * <ul>
 *   <li>noise: {@code sigma/S_ref = 0.03 (1.5/B0)^0.8 sqrt(2 mm^3 / voxel volume) / sqrt(NEX)
 *       * vendor factor}, Rician;</li>
 *   <li>point-spread blur in-plane: 0.45 voxel + vendor reconstruction filter (GE smoothest);</li>
 *   <li>contrast: tissue signal {@code PD (1 - exp(-TR/T1)) exp(-TE/T2)} with field-dependent
 *       T1 and T2, so TE scales the tumour texture contrast;</li>
 *   <li>bias field: smooth multiplicative, stronger at 3 T; vendor intensity scale.</li>
 * </ul>
 */
record Scanner(String vendor, String model, double fieldT, double repetitionTimeS,
    double echoTimeS, double flipAngleDeg, double sliceThicknessMm, double pixelSpacingMm,
    int numberOfAverages, int echoTrainLength, double pixelBandwidth, int reconMatrix,
    String institution, double noiseRel, double blurVoxels, double biasAmplitude,
    double intensityScale) {

  static final List<String> VENDORS = List.of("Siemens", "GE", "Philips");
  static final double NOISE_BASE = 0.03;

  /**
   * Draws a scanner. Pre-treatment scans come from three vendors in four hospitals; mid-treatment
   * scans from the treating hospital's Siemens and GE systems, mostly 1.5 T (as in the paper).
   */
  static Scanner draw(SynthRandom r, boolean midTreatment) {
    int v = midTreatment ? r.choose(0.6, 0.4, 0) : r.choose(0.45, 0.30, 0.25);
    double field = r.bernoulli(midTreatment ? 0.28 : 0.45) ? 3.0 : 1.5;
    String vendor = VENDORS.get(v);
    String model;
    double tr;
    double te;
    double flip;
    int etl;
    double noiseVendor;
    double blurVendor;
    double scale;
    switch (v) {
      case 0:
        model = field == 3 ? "Skyra" : "Avanto_fit";
        tr = roundTo(r.uniform(4.0, 6.5), 0.01);
        te = roundTo(r.uniform(0.090, 0.110), 0.001);
        flip = r.bernoulli(0.5) ? 150 : 160;
        etl = 15 + r.nextInt(10);
        noiseVendor = 1.0;
        blurVendor = 0.05;
        scale = 1.0;
        break;
      case 1:
        model = field == 3 ? "DISCOVERY MR750" : "SIGNA HDxt";
        tr = roundTo(r.uniform(3.5, 7.0), 0.01);
        te = roundTo(r.uniform(0.085, 0.120), 0.0005);
        flip = r.bernoulli(0.7) ? 90 : 111;
        etl = 16 + r.nextInt(12);
        noiseVendor = 0.85;
        blurVendor = 0.45;
        scale = 1.3;
        break;
      default:
        model = field == 3 ? "Achieva dStream" : "Ingenia";
        tr = roundTo(r.uniform(3.0, 5.0), 0.01);
        te = roundTo(r.uniform(0.080, 0.110), 0.001);
        flip = 90;
        etl = 14 + r.nextInt(10);
        noiseVendor = 1.15;
        blurVendor = 0.25;
        scale = 0.75;
        break;
    }
    double[] thicknesses = {3.0, 3.5, 4.0, 4.5, 5.0};
    double slice = thicknesses[r.nextInt(thicknesses.length)];
    double pixel = roundTo(r.uniform(0.5, 0.9), 0.0001);
    int nex = v == 1 ? 1 + r.nextInt(2) : 1 + r.nextInt(3);
    double bandwidth = roundTo(r.uniform(180, 300), 1);
    int[] matrices = {256, 320, 384, 448, 512};
    int recon = matrices[r.nextInt(matrices.length)];
    String institution = midTreatment ? "Synthetic University Hospital"
        : new String[] {"Synthetic University Hospital", "Synthetic Hospital B",
            "Synthetic Hospital C", "Synthetic Hospital D"}[r.nextInt(4)];
    double voxelVolume = pixel * pixel * slice;
    double noise = NOISE_BASE * StrictMath.pow(1.5 / field, 0.8) * Math.sqrt(2.0 / voxelVolume)
        / Math.sqrt(nex) * noiseVendor * StrictMath.exp(r.gaussian(0, 0.08));
    noise = Math.max(0.012, Math.min(0.12, noise));
    double blur = 0.45 + blurVendor + (field == 3 ? -0.05 : 0.05) + r.gaussian(0, 0.03);
    double bias = (field == 3 ? 0.15 : 0.06) * StrictMath.exp(r.gaussian(0, 0.15));
    double intensity = scale * (field == 3 ? 1.1 : 1.0) * StrictMath.exp(r.gaussian(0, 0.05));
    return new Scanner(vendor, model, field, tr, te, flip, slice, pixel, nex, etl, bandwidth,
        recon, institution, noise, blur, bias, intensity);
  }

  double voxelVolumeMm3() {
    return pixelSpacingMm * pixelSpacingMm * sliceThicknessMm;
  }

  /** The sidecar, with the keys and units dcm2niix writes (times in seconds, as BIDS). */
  Map<String, Object> sidecar(String seriesDescription) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Modality", "MR");
    m.put("MagneticFieldStrength", fieldT);
    m.put("ImagingFrequency", roundTo(42.577478 * fieldT, 0.000001));
    m.put("Manufacturer", vendor);
    m.put("ManufacturersModelName", model);
    m.put("InstitutionName", institution);
    m.put("BodyPartExamined", "PELVIS");
    m.put("PatientPosition", "FFS");
    m.put("MRAcquisitionType", "2D");
    m.put("SeriesDescription", seriesDescription);
    m.put("ProtocolName", seriesDescription);
    m.put("ScanningSequence", "SE");
    m.put("SequenceVariant", "SK");
    m.put("SliceThickness", sliceThicknessMm);
    m.put("SpacingBetweenSlices", sliceThicknessMm);
    m.put("EchoTime", echoTimeS);
    m.put("RepetitionTime", repetitionTimeS);
    m.put("FlipAngle", flipAngleDeg);
    m.put("NumberOfAverages", numberOfAverages);
    m.put("EchoTrainLength", echoTrainLength);
    m.put("PixelBandwidth", pixelBandwidth);
    m.put("AcquisitionMatrixPE", (int) Math.round(reconMatrix * 0.75));
    m.put("ReconMatrixPE", reconMatrix);
    m.put("PercentPhaseFOV", 100.0);
    m.put("InPlanePhaseEncodingDirectionDICOM", "ROW");
    m.put("ImageOrientationPatientDICOM", List.of(1, 0, 0, 0, 1, 0));
    m.put("ConversionSoftware", "deltarad synth");
    return m;
  }

  /** Rounds to a step of 1/k for integer k, giving the shortest decimal the sidecar shows. */
  static double roundTo(double x, double step) {
    double inv = Math.rint(1 / step);
    return Math.rint(x * inv) / inv;
  }
}
