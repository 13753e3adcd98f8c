package org.deltarad.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deltarad.analysis.Harmonized.ScanKey;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.stats.CoxNetCvResult;
import org.deltarad.stats.Icc;
import org.deltarad.stats.KaplanMeier;
import org.deltarad.tables.AnalysisTables;
import org.deltarad.tables.AnalysisTables.Table;

/**
 * An {@link AnalysisResult} as the rows of the declared {@link AnalysisTables}, in a stable
 * order; NaN becomes null. Tables of stages that did not run are left out.
 */
final class ResultTables {
  private ResultTables() {}

  static Map<Table, List<Row>> of(AnalysisResult r) {
    Map<Table, List<Row>> t = new LinkedHashMap<>();
    if (r.harmonized() != null) {
      t.put(AnalysisTables.HARMONIZED, harmonized(r.harmonized()));
      t.putAll(StandardizationTables.rows(r.harmonized().standardization()));
    }
    if (r.icc() != null) {
      t.put(AnalysisTables.ICC, icc(r.icc()));
      t.put(AnalysisTables.SELECTED, selected(r));
    }
    if (r.deltas() != null) {
      t.put(AnalysisTables.DELTAS, r.deltas().rows().stream().map(d -> RowFactory.create(
          d.feature(), d.patient(), num(d.pre()), num(d.mid()), num(d.delta()))).toList());
    }
    if (r.split() != null) {
      t.put(AnalysisTables.SPLIT, split(r.matrix(), r.split()));
    }
    if (r.signatures() != null) {
      t.put(AnalysisTables.SIGNATURES, signatures(r.signatures()));
      t.put(AnalysisTables.SIGNATURES_CV, cv(r.signatures()));
      t.put(AnalysisTables.SCORES, scores(r.matrix(), r.split(), r.signatures()));
      t.put(AnalysisTables.CUTOFFS, r.signatures().stream().map(s -> RowFactory.create(s.name(),
          finite(s.cutoff()), r.settings().roc().horizon(), s.empty()
              ? EvaluateStage.NO_FEATURE : "survivalROC " + r.settings().roc().cutoffMethod()
              + ", Youden index on the training cohort; high = score > cut-off")).toList());
    }
    if (r.survival() != null) {
      t.put(AnalysisTables.KM, km(r.survival()));
    }
    if (r.auc() != null) {
      t.put(AnalysisTables.AUC, auc(r.auc()));
    }
    if (r.tests() != null) {
      t.put(AnalysisTables.TESTS, r.tests().stream().map(x -> RowFactory.create(x.feature(),
          x.test(), x.comparison(), x.n(), num(x.statistic()), num(x.pValue()),
          num(x.estimate()), num(x.ciLower()), num(x.ciUpper()), x.exact(), num(x.medianA()),
          num(x.medianB()), x.problem())).toList());
    }
    if (r.characteristics() != null) {
      t.put(AnalysisTables.CHARACTERISTICS, r.characteristics().stream().map(c ->
          RowFactory.create(characteristic(c))).toList());
    }
    if (r.acquisition() != null) {
      t.put(AnalysisTables.ACQUISITION, r.acquisition().stream().map(a -> {
        Object[] c = characteristic(a.stats());
        Object[] row = new Object[c.length + 1];
        row[0] = a.timepoint();
        System.arraycopy(c, 0, row, 1, c.length);
        return RowFactory.create(row);
      }).toList());
    }
    if (r.size() != null) {
      t.put(AnalysisTables.TUMOUR_SIZE, r.size().rows().stream().map(ResultTables::size)
          .toList());
    }
    if (r.flow() != null) {
      t.put(AnalysisTables.FLOW, flow(r.flow()));
    }
    t.put(AnalysisTables.WARNINGS, r.warnings().stream().map(w -> RowFactory.create(w.stage(),
        w.subject(), w.message())).toList());
    return t;
  }

  /** The cohort_characteristics columns of a row. */
  private static Object[] characteristic(CharacteristicsStage.Row c) {
    return new Object[] {c.characteristic(), c.level(), c.test(), c.totalN(),
        num(c.totalMedian()), num(c.totalQ1()), num(c.totalQ3()), c.trainingN(),
        num(c.trainingMedian()), num(c.trainingQ1()), num(c.trainingQ3()), c.validationN(),
        num(c.validationMedian()), num(c.validationQ1()), num(c.validationQ3()),
        num(c.pValue())};
  }

  static Double num(double v) {
    return Double.isNaN(v) ? null : v;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** Sorted by feature, patient, time point, reader. */
  private static List<Row> harmonized(Harmonized h) {
    TreeMap<String, Row> rows = new TreeMap<>();
    h.features().forEach((f, s) -> {
      add(rows, f, h.primary(), s.raw1(), s.residual1(), s.value1());
      add(rows, f, h.second(), s.raw2(), s.residual2(), s.value2());
    });
    return new ArrayList<>(rows.values());
  }

  private static void add(TreeMap<String, Row> rows, String f, List<ScanKey> keys, double[] raw,
      double[] residual, double[] value) {
    for (int i = 0; i < value.length; i++) {
      if (Double.isFinite(value[i])) {
        ScanKey k = keys.get(i);
        rows.put(String.join("\u0000", f, k.patient(), k.timepoint(), k.reader()),
            RowFactory.create(f, k.patient(), k.timepoint(), k.reader(), raw[i], residual[i],
                value[i]));
      }
    }
  }

  private static List<Row> icc(IccStage.Result icc) {
    List<Row> rows = new ArrayList<>();
    for (IccStage.Row r : icc.rows()) {
      Icc.Result x = r.result();
      rows.add(x == null ? RowFactory.create(r.feature(), r.timepoint(), r.subjects(), null, null,
          null, null, null, null, null, null, null, r.problem())
          : RowFactory.create(r.feature(), r.timepoint(), r.subjects(), x.icc1().value(),
              x.icc1().lower(), x.icc1().upper(), x.icc2_1().value(), x.icc2_1().lower(),
              x.icc2_1().upper(), x.icc3_1().value(), x.icc3_1().lower(), x.icc3_1().upper(),
              null));
    }
    rows.sort(java.util.Comparator.<Row, String>comparing(x -> x.getString(0))
        .thenComparing(x -> x.getString(1)));
    return rows;
  }

  private static List<Row> selected(AnalysisResult r) {
    Set<String> sel = new java.util.HashSet<>(r.icc().selected());
    AnalysisSettings.IccFilter f = r.settings().icc();
    return r.harmonized().featureNames().stream().map(x -> RowFactory.create(x, sel.contains(x),
        f.enabled() ? f.form().key() : "none")).toList();
  }

  private static List<Row> split(PatientMatrix pm, CohortSplit s) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < pm.size(); i++) {
      String p = pm.patients()[i];
      rows.add(RowFactory.create(p, s.cohort(i), s.stratum().get(p), s.time()[i], s.event()[i],
          s.fieldStrength().get(p)));
    }
    return rows;
  }

  private static List<Row> signatures(List<Signature> sigs) {
    List<Row> rows = new ArrayList<>();
    for (Signature s : sigs) {
      double[] b = s.model().coefficients();
      for (int j = 0; j < b.length; j++) {
        rows.add(RowFactory.create(s.name(), s.features()[j], b[j], b[j] != 0,
            s.model().lambda(), s.cv().lambdaMin(), s.cv().lambda1se()));
      }
    }
    return rows;
  }

  private static List<Row> cv(List<Signature> sigs) {
    List<Row> rows = new ArrayList<>();
    for (Signature s : sigs) {
      CoxNetCvResult cv = s.cv();
      double[] lam = cv.lambda();
      for (int k = 0; k < lam.length; k++) {
        rows.add(RowFactory.create(s.name(), k + 1, lam[k], cv.cvm()[k], cv.cvsd()[k],
            cv.nzero()[k], k == cv.indexMin(), k == cv.index1se()));
      }
    }
    return rows;
  }

  /** Sorted by signature, then patient. */
  private static List<Row> scores(PatientMatrix pm, CohortSplit split, List<Signature> sigs) {
    List<Row> rows = new ArrayList<>();
    List<Signature> sorted = new ArrayList<>(sigs);
    sorted.sort(java.util.Comparator.comparing(Signature::name));
    for (Signature s : sorted) {
      for (int i = 0; i < pm.size(); i++) {
        rows.add(RowFactory.create(pm.patients()[i], split.cohort(i), s.name(), s.scores()[i],
            s.group(i)));
      }
    }
    return rows;
  }

  static List<Row> km(List<SurvivalStage.Km> kms) {
    List<Row> rows = new ArrayList<>();
    for (SurvivalStage.Km km : kms) {
      for (SurvivalStage.Curve c : km.curves()) {
        KaplanMeier f = c.fit();
        for (int k = 0; k < f.time().length; k++) {
          rows.add(RowFactory.create(km.signature(), km.cohort(), c.group(), f.time()[k],
              f.nRisk()[k], f.nEvent()[k], f.nCensor()[k], f.survival()[k], finite(f.lower()[k]),
              finite(f.upper()[k]), finite(km.chiSquare()), finite(km.pValue()),
              finite(km.hazard().hazardRatio()), finite(km.hazard().lower()),
              finite(km.hazard().upper()), finite(f.median())));
        }
      }
    }
    return rows;
  }

  static List<Row> auc(EvaluateStage.Auc auc) {
    List<Row> rows = new ArrayList<>();
    auc.results().forEach((cohort, res) -> res.forEach((marker, r) -> {
      Map<String, Double> m = new TreeMap<>(auc.comparisons().get(cohort).get(marker));
      String note = auc.notes().get(marker);
      rows.add(r == null ? RowFactory.create(marker, cohort, auc.horizon(), 0, null, null, null,
          null, null, null, null, m, note)
          : RowFactory.create(marker, cohort, auc.horizon(), r.cases() + r.controls()
              + r.censored(), r.auc(), r.se(), r.ciLower(), r.ciUpper(), r.cases(),
              r.controls(), r.censored(), m, note));
    }));
    return rows;
  }

  private static Row size(SizeStage.Row x) {
    double[] a = x.quartilesA();
    double[] b = x.quartilesB();
    return RowFactory.create(x.measure().label(), x.test(), x.comparison(), x.nA(), x.nB(),
        num(x.statistic()), num(x.pValue()), num(x.estimate()), num(x.ciLower()),
        num(x.ciUpper()), num(a[0]), num(a[1]), num(a[2]), num(b[0]), num(b[1]), num(b[2]),
        x.countA() < 0 ? null : x.countA(), x.countB() < 0 ? null : x.countB(), x.problem());
  }

  /** Steps of the Fig. 1-style flow; a stage that did not run is left out. */
  private static List<Row> flow(AnalysisResult.Flow f) {
    List<Row> rows = new ArrayList<>();
    Object[][] steps = {{"clinical rows", f.clinical()},
        {"with features of the primary reader", f.withFeatures()},
        {"with both time points and a clinical row", f.bothTimepoints()},
        {"outlined by the second reader", f.secondReader()}, {"training", f.training()},
        {"validation", f.validation()}};
    for (int k = 0; k < steps.length; k++) {
      if ((int) steps[k][1] >= 0) {
        rows.add(RowFactory.create(k + 1, steps[k][0], steps[k][1]));
      }
    }
    return rows;
  }
}
