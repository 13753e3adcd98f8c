package org.deltarad.analysis;

import java.io.Serializable;
import java.util.Map;

/**
 * One patient's clinical row. FIGO stage is 1-4; diameters are the maximum tumour diameters at
 * baseline and mid-treatment (cm); NaN marks a missing value; {@code other} keeps every column as
 * text for the cohort table.
 */
public record Clinical(String id, double time, int event, double figo, double diameter,
    double midDiameter, Map<String, String> other) implements Serializable {}
