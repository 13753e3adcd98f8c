package org.deltarad.analysis;

import java.time.Instant;
import org.deltarad.analysis.settings.AnalysisSettings;

/**
 * A finished {@code score} run as its report renders it: the scores and outcomes, the settings,
 * the options and the standardisation actually used.
 */
public record ScoreRun(CohortScoring.Result result, AnalysisSettings settings,
    ScoringJob.Options options, ScoringJob.Standardize standardize, Instant started) {}
