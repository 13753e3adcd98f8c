package org.deltarad.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.analysis.settings.AnalysisSettings.KFold;
import org.deltarad.stats.CoxNet;
import org.deltarad.stats.CoxNetCv;
import org.deltarad.stats.CoxNetCvResult;
import org.deltarad.stats.CoxNetModel;
import org.deltarad.stats.CoxNetPath;
import org.deltarad.stats.RightCensoredSample;
import org.deltarad.stats.SurvivalRoc;

/**
 * Steps 5-6: the two LASSO-Cox signatures of the paper on the training cohort, Delta_rad on the
 * deltas and Pre_rad on the pre-treatment values: the full path on the driver, the
 * cross-validation folds (leave-one-out by default) through the {@link WorkPool}, lambda.min or
 * lambda.1se as configured (glmnet's {@code cv.glmnet}); then every patient's score and the
 * training cohort's Youden cut-off at the horizon (survivalROC, Kaplan-Meier method).
 */
public final class FitStage {
  private final AnalysisSettings settings;
  private final WorkPool pool;

  public FitStage(AnalysisSettings settings, WorkPool pool) {
    this.settings = settings;
    this.pool = pool;
  }

  public List<Signature> run(PatientMatrix pm, CohortSplit split, List<Warning> warnings) {
    int[] tr = split.trainingRows();
    double[] time = CohortSplit.pick(split.time(), tr);
    int[] event = CohortSplit.pick(split.event(), tr);
    List<Signature> out = new ArrayList<>();
    for (Signature.Kind kind : Signature.Kind.values()) {
      String name = kind.label();
      double[][] all = kind.values(pm);
      CoxNetCvResult cv = crossValidate(PatientMatrix.rows(all, tr), time, event);
      CoxNetModel model = settings.lasso().lambda() == AnalysisSettings.LambdaRule.ONE_SE
          ? cv.model1se() : cv.modelMin();
      if (model.df() == 0) {
        warnings.add(new Warning("lasso", name, "LASSO-Cox kept no feature at lambda."
            + settings.lasso().lambda().key() + " = " + model.lambda() + "; every score is 0:"
            + " no cut-off, AUC or Kaplan-Meier curves"));
      }
      double[] scores = model.linearPredictor(all);
      // a cut-off of an all-zero score would put everybody in one group and draw a curve of a
      // signature that does not exist
      out.add(new Signature(name, pm.features(), cv, model, scores, model.df() == 0 ? Double.NaN
          : cutoff(name, CohortSplit.pick(scores, tr), time, event, warnings)));
    }
    return out;
  }

  /** Cross-validation with the folds as independent work; the full path here. */
  CoxNetCvResult crossValidate(double[][] x, double[] time, int[] event) {
    CoxNet.Ties ties = settings.lasso().ties();
    CoxNetPath full = new CoxNet().setTies(ties).fit(x, time, event);
    if (settings.lasso().folds() instanceof KFold k && k.k() > time.length) {
      throw new AnalysisException("lasso.folds is " + k.k() + " but the training cohort has "
          + time.length + " patients");
    }
    int[] foldId = settings.lasso().folds() instanceof KFold k
        ? CoxNetCv.kFold(time.length, k.k(), settings.split().seed())
        : CoxNetCv.leaveOneOut(time.length);
    int folds = Arrays.stream(foldId).max().orElse(0);
    double[] lambdas = full.lambdas();
    List<Integer> ks = new ArrayList<>();
    for (int k = 1; k <= folds; k++) {
      ks.add(k);
    }
    List<double[]> raw = pool.map(ks, k -> new CoxNetCv(new CoxNet().setTies(ties))
        .foldDeviance(x, time, event, foldId, k, lambdas));
    return CoxNetCv.combine(full, foldId, event, raw.toArray(new double[0][]));
  }

  private double cutoff(String name, double[] trainScores, double[] time, int[] event,
      List<Warning> warnings) {
    AnalysisSettings.Roc roc = settings.roc();
    try {
      RightCensoredSample sample = new RightCensoredSample(time, event, name + " training");
      SurvivalRoc.Result r = switch (roc.cutoffMethod()) {
        case KM -> SurvivalRoc.km(sample, trainScores, roc.horizon());
        case NNE -> SurvivalRoc.nne(sample, trainScores, roc.horizon(),
            Double.isNaN(roc.nneSpan()) ? SurvivalRoc.defaultSpan(time.length) : roc.nneSpan());
      };
      return r.youdenCutoff();
    } catch (IllegalArgumentException ex) {
      warnings.add(new Warning("roc", name, "no Youden cut-off: " + ex.getMessage()));
      return Double.NaN;
    }
  }
}
