package org.deltarad.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Right-censored survival data: per subject an observed time (event or censoring) and an event
 * indicator (1 event, 0 censored), validated once so the survival and ROC methods can trust it.
 *
 * <p>Times must be finite and non-negative, events 0 or 1, and there must be at least two
 * subjects. Missing values are not accepted (R drops them; we make the caller decide).
 */
public final class RightCensoredSample {
  private final double[] time;
  private final int[] event;
  private final String label;

  /**
   * @param label names the data in error messages (a file name, a cohort)
   */
  public RightCensoredSample(double[] time, int[] event, String label) {
    this.label = label == null || label.isBlank() ? "survival data" : label;
    if (time == null || event == null) {
      throw new IllegalArgumentException(this.label + ": time and event are required");
    }
    if (time.length != event.length) {
      throw new IllegalArgumentException(this.label + ": " + time.length + " times but "
          + event.length + " event indicators");
    }
    if (time.length < 2) {
      throw new IllegalArgumentException(this.label + ": need at least 2 subjects, got "
          + time.length);
    }
    for (int i = 0; i < time.length; i++) {
      if (!Double.isFinite(time[i])) {
        throw new IllegalArgumentException(this.label + ": time of subject " + (i + 1)
            + " is not a finite number (" + time[i] + ")");
      }
      if (time[i] < 0) {
        throw new IllegalArgumentException(this.label + ": negative time " + time[i]
            + " for subject " + (i + 1));
      }
      if (event[i] != 0 && event[i] != 1) {
        throw new IllegalArgumentException(this.label + ": event indicator of subject " + (i + 1)
            + " must be 0 or 1, got " + event[i]);
      }
    }
    this.time = time.clone();
    this.event = event.clone();
  }

  public RightCensoredSample(double[] time, int[] event) {
    this(time, event, null);
  }

  public int size() { return time.length; }

  /** Observed times (a copy). */
  public double[] times() { return time.clone(); }

  /** Event indicators (a copy). */
  public int[] events() { return event.clone(); }

  public double time(int i) { return time[i]; }

  public int event(int i) { return event[i]; }

  public String label() { return label; }

  public int eventCount() {
    int d = 0;
    for (int e : event) {
      d += e;
    }
    return d;
  }

  /**
   * Subject indices sorted by time, ties kept in input order (a stable sort, as R's
   * {@code order()}): timeROC's influence function depends on the order within tied times.
   */
  public int[] orderByTime() {
    Integer[] idx = new Integer[time.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, Comparator.comparingDouble(i -> time[i]));
    int[] out = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = idx[i];
    }
    return out;
  }

  /** Checks that a per-subject covariate has one finite value per subject. */
  double[] checkMarker(double[] marker, String name) {
    if (marker == null || marker.length != time.length) {
      throw new IllegalArgumentException(label + ": " + name + " has "
          + (marker == null ? 0 : marker.length) + " values for " + time.length + " subjects");
    }
    for (int i = 0; i < marker.length; i++) {
      if (!Double.isFinite(marker[i])) {
        throw new IllegalArgumentException(label + ": " + name + " of subject " + (i + 1)
            + " is not a finite number (" + marker[i] + ")");
      }
    }
    return marker.clone();
  }
}
