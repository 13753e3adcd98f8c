package org.deltarad.features;

import java.util.LinkedHashMap;
import java.util.List;

/** Placeholder replaced by the marching-cubes implementation. */
public final class ShapeFeatures {
  public LinkedHashMap<String, Double> compute(DiscretizedRoi roi, List<String> names) {
    throw new FeatureExtractionException("shape features are not available yet");
  }
}
