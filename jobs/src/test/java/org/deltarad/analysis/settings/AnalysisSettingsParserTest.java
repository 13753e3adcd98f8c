package org.deltarad.analysis.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.deltarad.analysis.settings.AnalysisSettings.Distribute;
import org.deltarad.analysis.settings.AnalysisSettings.HarmonizationMethod;
import org.deltarad.analysis.settings.AnalysisSettings.IccForm;
import org.deltarad.analysis.settings.AnalysisSettings.KFold;
import org.deltarad.analysis.settings.AnalysisSettings.LambdaRule;
import org.deltarad.analysis.settings.AnalysisSettings.LeaveOneOut;
import org.deltarad.stats.CoxNet;
import org.junit.jupiter.api.Test;

class AnalysisSettingsParserTest {
  private static AnalysisSettings parse(String yaml) throws Exception {
    return AnalysisSettingsParser.parse(new ByteArrayInputStream(
        yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }

  private static String error(String yaml) {
    return assertThrows(IllegalArgumentException.class, () -> parse(yaml)).getMessage();
  }

  @Test
  void shippedConfigEqualsTheDefaults() throws Exception {
    AnalysisSettings c;
    try (InputStream in = new FileInputStream("../conf/analysis.yaml")) {
      c = AnalysisSettingsParser.parse(in, "conf/analysis.yaml");
    }
    assertEquals(AnalysisSettings.defaults(), c);
    assertEquals(0.75, c.icc().min());
    assertEquals(60.0, c.roc().horizon());
  }

  @Test
  void emptyFileIsTheDefaults() throws Exception {
    assertEquals(AnalysisSettings.defaults(), parse(""));
  }

  @Test
  void everyEnumeratedOptionBecomesItsEnum() throws Exception {
    AnalysisSettings c = parse("harmonization:\n  method: combat\n  batch: [manufacturer]\n"
        + "  protect: []\nicc:\n  form: icc3_1\nlasso:\n  folds: 10\n  lambda: 1se\n"
        + "  ties: efron\nexecution:\n  distribute: spark\n  spark_min_patients: 10\n"
        + "roc:\n  horizon: 36\n  diameter_breaks: [3, 5.5]\n");
    assertEquals(HarmonizationMethod.COMBAT, c.harmonization().method());
    assertEquals(List.of("manufacturer"), c.harmonization().batch());
    assertEquals(List.of(), c.harmonization().protect());
    assertEquals(IccForm.ICC3_1, c.icc().form());
    assertEquals(new KFold(10), c.lasso().folds());
    assertEquals(LambdaRule.ONE_SE, c.lasso().lambda());
    assertEquals(CoxNet.Ties.EFRON, c.lasso().ties());
    assertEquals(Distribute.SPARK, c.execution().distribute());
    assertEquals(10, c.execution().sparkMinPatients());
    assertEquals(36.0, c.roc().horizon());
    assertEquals(List.of(3.0, 5.5), c.roc().diameterBreaks());
    assertEquals(new LeaveOneOut(), parse("lasso:\n  folds: loo\n").lasso().folds());
    AnalysisSettings p = parse("icc:\n  input: raw\nsplit:\n  column: cohort\n"
        + "roc:\n  cutoff_method: nne\n  nne_span: 0.2\n");
    assertEquals(AnalysisSettings.IccInput.RAW, p.icc().input());
    assertEquals("cohort", p.split().column());
    assertEquals(AnalysisSettings.CutoffMethod.NNE, p.roc().cutoffMethod());
    assertEquals(0.2, p.roc().nneSpan());
    assertEquals(HarmonizationMethod.NONE, parse("harmonization:\n  method: none\n")
        .harmonization().method());
    AnalysisSettings t = parse("clinical:\n  mid_diameter: mid_cm\n  continuous: [age, bmi]\n"
        + "  categorical: [histology]\n  shrinkage: 0.5\nsurvival:\n  time_unit: days\n");
    assertEquals("mid_cm", t.clinical().midDiameter());
    assertEquals(List.of("age", "bmi"), t.clinical().continuous());
    assertEquals(List.of("histology"), t.clinical().categorical());
    assertEquals(0.5, t.clinical().shrinkage());
    assertEquals("days", t.survival().timeUnit());
  }

  @Test
  void effectiveSettingsNameEveryYamlKey() {
    var eff = AnalysisSettings.defaults().effective();
    assertEquals("ols", eff.get("harmonization").get("method"));
    assertEquals("icc1", eff.get("icc").get("form"));
    assertEquals("loo", eff.get("lasso").get("folds"));
    assertEquals("min", eff.get("lasso").get("lambda"));
    assertEquals("breslow", eff.get("lasso").get("ties"));
    assertEquals("auto", eff.get("execution").get("distribute"));
  }

  @Test
  void unknownKeysAndBadValuesAreClearOneLineErrors() {
    assertTrue(error("icc:\n  min_icc: 0.8\n  lower: 0.6\n").contains(
        "test.yaml: unknown key 'icc.lower'"));
    assertTrue(error("lasso:\n  folds: two\n").contains("lasso.folds"));
    assertTrue(error("lasso:\n  folds: 2\n").contains("integer >= 3"));
    assertTrue(error("stats:\n  x: 1\n").contains("unknown section 'stats'"));
    assertTrue(error("harmonization:\n  method: lm\n").contains("ols, combat, none"));
    assertTrue(error("icc:\n  form: icc2\n").contains("icc1, icc2_1, icc3_1"));
    assertTrue(error("lasso:\n  lambda: max\n").contains("min, 1se"));
    assertTrue(error("split:\n  validation_fraction: 1.5\n").contains("(0, 1)"));
    assertTrue(error("split:\n  seed: 1.5\n").contains("split.seed must be a whole number"));
    assertTrue(error("roc:\n  horizon: -1\n").contains("roc.horizon"));
    assertTrue(error("roc:\n  diameter_breaks: [a]\n").contains("list of numbers"));
    assertTrue(error("roc:\n  diameter_breaks: [4, 2]\n").contains(
        "test.yaml: roc.diameter_breaks must be finite and strictly increasing, got [4.0, 2.0]"));
    assertTrue(error("roc:\n  diameter_breaks: [2, 2]\n").contains("strictly increasing"));
    assertTrue(error("survival:\n  risk_table_every: 0\n").contains("positive"));
    assertTrue(error("clinical:\n  shrinkage: 30\n").contains("clinical.shrinkage must be in"
        + " (0, 1)"));
    assertTrue(error("harmonization:\n  zscore: maybe\n").contains("true or false"));
    assertTrue(error("harmonization:\n  method: combat\n  batch: []\n").contains(
        "harmonization.batch"));
    assertTrue(error("timepoints:\n  pre: x\n  mid: x\n").contains("both 'x'"));
    assertTrue(error("execution:\n  distribute: cluster\n").contains("auto, spark, driver"));
    assertTrue(error("icc: 3\n").contains("section 'icc' must be a mapping"));
    assertTrue(error("icc:\n  input: normalized\n").contains("harmonized, raw"));
    assertTrue(error("roc:\n  cutoff_method: youden\n").contains("km, nne"));
    assertTrue(error("roc:\n  cutoff_method: nne\n  nne_span: 2\n").contains("(0, 1)"));
    assertTrue(error("roc:\n  nne_span: 0.2\n").contains("not nne"));
    assertTrue(error("icc:\n  min_icc: 1.5\n").contains("icc.min_icc must be in [-1, 1]"));
    assertTrue(error("icc:\n  min_lower_ci: -2\n").contains("icc.min_lower_ci"));
    assertTrue(error("execution:\n  spark_min_patients: -1\n").contains("spark_min_patients"));
    assertTrue(error("split:\n  time_bins: 9999999999\n").contains("split.time_bins"));
    assertTrue(error("timepoints:\n  second_reader: \"1\"\n").contains(
        "primary_reader and timepoints.second_reader are both '1'"));
  }
}
