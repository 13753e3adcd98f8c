package org.deltarad.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deltarad.synth.CohortGenerator;
import org.deltarad.synth.SynthParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code deltarad synth}: writes a synthetic cohort with planted truth (conf/synth-model.md). */
@Command(name = "synth", mixinStandardHelpOptions = true,
    description = "Generate a synthetic pre/mid-treatment T2w MRI cohort (NIfTI, masks, BIDS"
        + " sidecars, clinical.csv, manifest.csv, ground truth) where a latent tumour biology"
        + " drives both texture change and progression. Same seed, same bytes.")
public final class SynthCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--patients", required = true, description = "Number of patients.")
  int patients;

  @Option(names = "--out", required = true, description = "Output directory (created; must be"
      + " empty unless --force).")
  Path out;

  @Option(names = "--seed", defaultValue = "1", description = "Cohort seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--size", defaultValue = "96x96x16",
      description = "Image matrix NXxNYxNZ (default: ${DEFAULT-VALUE}; benchmarks: 192x192x24).")
  String size;

  @Option(names = "--no-signal", description = "Null cohort: biology, FIGO and size do not drive"
      + " the hazard (texture still changes).")
  boolean noSignal;

  @Option(names = "--reader2-fraction", defaultValue = "0.25",
      description = "Share of patients with a second reader's masks (default: ${DEFAULT-VALUE}).")
  double reader2Fraction;

  @Option(names = "--event-fraction", defaultValue = "0.30",
      description = "Target share of patients who progress (default: ${DEFAULT-VALUE}).")
  double eventFraction;

  @Option(names = "--signal-strength", defaultValue = "2.5",
      description = "Log hazard ratio per SD of the latent biology (default: ${DEFAULT-VALUE}).")
  double biologyLogHr;

  @Option(names = "--tumour-scale", defaultValue = "1.0",
      description = "Factor on rendered tumour size before fitting to the image (default:"
          + " ${DEFAULT-VALUE}; 2 gives 25k-80k-voxel tumours at 192x192x24).")
  double tumourScale;

  @Option(names = "--force", description = "Write into a non-empty output directory: files of"
      + " the same names are replaced, others (an earlier, larger cohort's patients, say) stay;"
      + " manifest.csv lists this cohort only.")
  boolean force;

  @Option(names = "--quiet", description = "No progress output.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    int[] dims = parseSize(size);
    SynthParams p;
    try {
      p = SynthParams.defaults(patients, seed).withSize(dims[0], dims[1], dims[2])
          .withNoSignal(noSignal).withReader2Fraction(reader2Fraction)
          .withEventFraction(eventFraction).withBiologyLogHr(biologyLogHr)
          .withTumourScale(tumourScale);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    CohortGenerator gen = new CohortGenerator(p);
    int step = Math.max(1, patients / 20);
    int[] done = {0};
    CohortGenerator.Summary s = gen.writeTo(out, force, id -> {
      done[0]++;
      if (!quiet && (done[0] % step == 0 || done[0] == patients)) {
        System.err.printf(Locale.ROOT, "synth: %d/%d patients%n", done[0], patients);
      }
    });
    System.out.printf(Locale.ROOT, "synth: wrote %d patients (%d progressed, %d with reader 2),"
        + " %.1f MB, in %.1f s to %s%n", s.patients(), s.events(), s.reader2Patients(),
        s.bytes() / 1e6, s.seconds(), out);
    return 0;
  }

  private int[] parseSize(String s) {
    String[] parts = s.toLowerCase(Locale.ROOT).split("x");
    if (parts.length != 3) {
      throw new ParameterException(spec.commandLine(), "--size must look like 96x96x16, got '"
          + s + "'");
    }
    int[] d = new int[3];
    try {
      for (int i = 0; i < 3; i++) {
        d[i] = Integer.parseInt(parts[i].trim());
      }
    } catch (NumberFormatException e) {
      throw new ParameterException(spec.commandLine(), "--size must look like 96x96x16, got '"
          + s + "'");
    }
    return d;
  }
}
