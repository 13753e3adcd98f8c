package org.deltarad.analysis;

import java.time.Instant;

/**
 * A finished analysis with its provenance: the run record ({@code _run.json}) and the report's
 * header are made from it.
 *
 * @param settingsHash the extraction settings hash of the features (null for a bare table)
 * @param pool where per-feature and per-fold work ran
 * @param dice the readers' Dice agreement, from the dice job's table (null without one)
 */
public record AnalysisRun(String runId, String featuresPath, String settingsHash,
    String clinicalPath, String out, Instant started, String pool, AnalysisResult result,
    DiceAgreement dice) {}
