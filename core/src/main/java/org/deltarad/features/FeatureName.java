package org.deltarad.features;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A feature of one family, named as PyRadiomics names it. Each family lists its features as an
 * enum implementing this, and fills its results by constant ({@code CONTRAST}), never by position
 * in a list of names.
 */
interface FeatureName {
  /** PyRadiomics' name of the feature, without class prefix ({@code "Contrast"}). */
  String pyradiomicsName();

  /** The PyRadiomics names of all constants of {@code type}, in declaration order. */
  static <E extends Enum<E> & FeatureName> List<String> names(Class<E> type) {
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(e.pyradiomicsName());
    }
    return List.copyOf(names);
  }

  /**
   * The values keyed by PyRadiomics name, in declaration order; fails if a constant has no
   * value (a family forgot one).
   */
  static <E extends Enum<E> & FeatureName> LinkedHashMap<String, Double> byName(
      EnumMap<E, Double> values, Class<E> type) {
    LinkedHashMap<String, Double> out = new LinkedHashMap<>();
    for (E e : type.getEnumConstants()) {
      Double v = values.get(e);
      if (v == null) {
        throw new IllegalStateException("no value for " + e.pyradiomicsName());
      }
      out.put(e.pyradiomicsName(), v);
    }
    return out;
  }
}
