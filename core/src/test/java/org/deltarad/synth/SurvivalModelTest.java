package org.deltarad.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Outcome model: event share, follow-up range, and that biology drives the hazard. */
class SurvivalModelTest {
  /** Draws only the clinical part (no images), which is cheap for thousands of patients. */
  private static PatientCase[] cohort(SynthParams p) {
    SurvivalModel s = SurvivalModel.calibrate(p);
    PatientCase[] out = new PatientCase[p.patients()];
    for (int i = 0; i < out.length; i++) {
      out[i] = PatientCase.draw(i, PatientCase.idFor(i, p.patients()), p, s);
    }
    return out;
  }

  @Test
  void aboutThirtyPercentProgressWithSignalAndWithout() {
    for (boolean none : new boolean[] {false, true}) {
      PatientCase[] c = cohort(SynthParams.defaults(3000, 11).withNoSignal(none));
      int events = 0;
      for (PatientCase pc : c) {
        events += pc.progression() ? 1 : 0;
      }
      // SE of the share is 0.008 at n = 3000; +-0.03 is more than 3.5 SE.
      assertEquals(0.30, events / 3000.0, 0.03, "event share, noSignal=" + none);
    }
  }

  @Test
  void followUpSpansTenYearsAndEventsComeEarly() {
    PatientCase[] c = cohort(SynthParams.defaults(2000, 5));
    double maxFollowUp = 0;
    int censoredBeyond5y = 0;
    java.util.List<Double> eventTimes = new java.util.ArrayList<>();
    for (PatientCase pc : c) {
      assertTrue(pc.pfsMonths() > 0 && pc.pfsMonths() <= SurvivalModel.ADMIN_MAX_MONTHS + 0.1,
          pc.id() + " pfs " + pc.pfsMonths());
      maxFollowUp = Math.max(maxFollowUp, pc.pfsMonths());
      if (pc.progression()) {
        eventTimes.add(pc.pfsMonths());
      } else if (pc.pfsMonths() > 60) {
        censoredBeyond5y++;
      }
    }
    assertTrue(maxFollowUp > 110, "max follow-up " + maxFollowUp);
    // The 5-year horizon is meaningful: many non-progressors are followed past it.
    assertTrue(censoredBeyond5y > 600, "censored beyond 5 years: " + censoredBeyond5y);
    java.util.Collections.sort(eventTimes);
    double median = eventTimes.get(eventTimes.size() / 2);
    assertTrue(median > 6 && median < 36, "median time to progression " + median);
  }

  @Test
  void biologyDrivesHazardOnlyWithSignal() {
    double[] ratio = new double[2];
    for (int k = 0; k < 2; k++) {
      PatientCase[] c = cohort(SynthParams.defaults(3000, 3).withNoSignal(k == 1));
      int hiN = 0;
      int hiE = 0;
      int loN = 0;
      int loE = 0;
      for (PatientCase pc : c) {
        if (pc.biology() > 0) {
          hiN++;
          hiE += pc.progression() ? 1 : 0;
        } else {
          loN++;
          loE += pc.progression() ? 1 : 0;
        }
      }
      ratio[k] = ((double) hiE / hiN) / ((double) loE / loN);
    }
    assertTrue(ratio[0] > 2.5, "event-rate ratio high/low biology with signal: " + ratio[0]);
    assertEquals(1.0, ratio[1], 0.2, "event-rate ratio without signal");
  }

  @Test
  void figoStagesAndDiameterLookLikeTheStudy() {
    PatientCase[] c = cohort(SynthParams.defaults(2000, 9));
    int[] stages = new int[5];
    double[] d = new double[c.length];
    for (int i = 0; i < c.length; i++) {
      stages[c[i].figo()]++;
      d[i] = c[i].diameterCm();
    }
    assertEquals(0, stages[0]);
    assertTrue(stages[3] > stages[2] && stages[2] > stages[1] && stages[1] > stages[4] / 2);
    java.util.Arrays.sort(d);
    assertEquals(5.2, d[d.length / 2], 0.4, "median baseline diameter");
  }
}
