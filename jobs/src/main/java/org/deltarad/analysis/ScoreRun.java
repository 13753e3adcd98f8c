package org.deltarad.analysis;

import java.time.Instant;
import org.deltarad.analysis.settings.AnalysisSettings;

/**
 * A {@code score} run as its report renders it, once scored and before its tables are written:
 * the scores and outcomes, the settings, the options and the standardisation actually used.
 */
public record ScoreRun(CohortScoring.Result result, AnalysisSettings settings,
    ScoringJob.Options options, ScoringJob.Standardize standardize, Instant started) {}
