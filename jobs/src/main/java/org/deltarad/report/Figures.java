package org.deltarad.report;

import java.util.Arrays;
import java.util.List;
import org.deltarad.stats.Quantiles;

/**
 * The paper's figures as inline SVG: time-dependent ROC curves (Fig. 3), Kaplan-Meier curves
 * with numbers at risk (Fig. 4), a forest plot of location shifts (Fig. 5) and box plots of
 * delta features by outcome (Fig. 6).
 */
public final class Figures {
  /** Okabe-Ito colours: distinguishable with the common colour-vision deficiencies. */
  static final String[] PALETTE = {
      "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"};

  private Figures() {}

  /** The palette's colour of series {@code i}, for callers that colour by a fixed group order. */
  public static String colour(int i) {
    return PALETTE[Math.floorMod(i, PALETTE.length)];
  }

  /** One ROC curve: false-positive and true-positive rates, ordered along the cut-offs. */
  public record RocCurve(String label, double[] fpr, double[] tpr, double auc, double lower,
      double upper) {}

  /**
   * One Kaplan-Meier step function; {@code censored} are the times of censored subjects. The
   * colour is the group's, not the curve's position, so a group keeps its colour when another
   * group has no curve.
   */
  public record KmCurve(String group, String colour, double[] time, double[] survival,
      double[] lower, double[] upper, double[] censored) {}

  /**
   * One row of the numbers at risk. It names its own group and colour: rows need not match the
   * curves one to one (a group without patients has a row of zeros but no curve).
   */
  public record RiskRow(String label, String colour, int[] atRisk) {}

  /** Numbers at risk per group at the given times. */
  public record RiskTable(double[] times, List<RiskRow> rows) {}

  public record ForestRow(String label, double estimate, double lower, double upper, double p) {}

  public record BoxGroup(String label, double[] values) {}

  public static String roc(String title, List<RocCurve> curves) {
    int w = 420;
    int h = 400;
    double left = 55;
    double right = w - 15;
    double top = 30;
    double bottom = h - 62 - 14 * curves.size();
    Svg svg = new Svg(w, h, title);
    Axis x = new Axis(0, 1, left, right);
    Axis y = new Axis(0, 1, bottom, top);
    frame(svg, x, y, "1 - specificity", "Sensitivity", title, null);
    svg.line(x.map(0), y.map(0), x.map(1), y.map(1), "#999", 1, "4,3");
    for (int c = 0; c < curves.size(); c++) {
      RocCurve rc = curves.get(c);
      String col = PALETTE[c % PALETTE.length];
      double[] px = new double[rc.fpr().length];
      double[] py = new double[rc.tpr().length];
      for (int i = 0; i < px.length; i++) {
        px[i] = x.map(rc.fpr()[i]);
        py[i] = y.map(rc.tpr()[i]);
      }
      svg.polyline(px, py, col, 2, null);
      double ly = bottom + 54 + 14 * c;
      svg.line(left, ly - 4, left + 18, ly - 4, col, 2, null);
      String ci = Double.isFinite(rc.lower())
          ? " (" + Html.fmt(rc.lower(), 2) + "-" + Html.fmt(rc.upper(), 2) + ")" : "";
      svg.text(left + 24, ly, rc.label() + ": AUC " + Html.fmt(rc.auc(), 2) + ci, "start", null);
    }
    return svg.finish();
  }

  /**
   * Kaplan-Meier curves; the legend (one line per curve, e.g. with its median) and the
   * {@code statistics} line (hazard ratio, log-rank p) go under the axis, never over a curve,
   * then the numbers at risk.
   */
  public static String kaplanMeier(String title, List<KmCurve> curves, RiskTable risk,
      double pValue, String timeLabel, String statistics) {
    int w = 480;
    int rows = risk == null ? 0 : risk.rows().size();
    double legendTop = 280 + 52;
    double riskTop = legendTop + 16 * curves.size() + 16 + 8;
    int h = (int) riskTop + 16 * (rows + 1) + 10;
    double left = 90;
    double right = w - 20;
    double top = 30;
    double bottom = 280;
    double tmax = 0;
    for (KmCurve c : curves) {
      for (double t : c.time()) {
        tmax = Math.max(tmax, t);
      }
      for (double t : c.censored()) {
        tmax = Math.max(tmax, t);
      }
    }
    if (risk != null) {
      for (double t : risk.times()) {
        tmax = Math.max(tmax, t);
      }
    }
    Svg svg = new Svg(w, h, title);
    Axis x = new Axis(0, tmax > 0 ? tmax : 1, left, right);
    Axis y = new Axis(0, 1, bottom, top);
    frame(svg, x, y, timeLabel, "Proportion progression-free", title,
        risk == null ? null : risk.times());
    for (int c = 0; c < curves.size(); c++) {
      KmCurve kc = curves.get(c);
      String col = kc.colour();
      svg.raw(stepPath(kc.time(), kc.survival(), x, y, col, 2, null));
      if (kc.lower() != null) {
        svg.raw(stepPath(kc.time(), kc.lower(), x, y, col, 0.8, "3,3"));
        svg.raw(stepPath(kc.time(), kc.upper(), x, y, col, 0.8, "3,3"));
      }
      for (double t : kc.censored()) {
        double s = stepValue(kc.time(), kc.survival(), t);
        svg.line(x.map(t), y.map(s) - 4, x.map(t), y.map(s) + 4, col, 1.2, null);
      }
      double ly = legendTop + 16 * c;
      svg.line(8, ly - 4, 30, ly - 4, col, 2, null);
      svg.text(36, ly, kc.group(), "start", null);
    }
    StringBuilder stats = new StringBuilder(statistics == null ? "" : statistics);
    if (Double.isFinite(pValue)) {
      String p = Html.pValue(pValue);
      stats.append(stats.length() == 0 ? "" : "; ").append("log-rank p ")
          .append(p.startsWith("<") ? p : "= " + p);
    }
    svg.text(8, legendTop + 16 * curves.size(), stats.toString(), "start", null);
    if (risk != null) {
      riskTable(svg, x, riskTop, risk);
    }
    return svg.finish();
  }

  /** The numbers at risk under the plot, each row under its own label and colour. */
  private static void riskTable(Svg svg, Axis x, double top, RiskTable risk) {
    svg.text(8, top, "No. at risk", "start", "font-weight=\"bold\"");
    for (int r = 0; r < risk.rows().size(); r++) {
      RiskRow row = risk.rows().get(r);
      double yy = top + 16 * (r + 1);
      svg.text(8, yy, row.label(), "start", "fill=\"" + row.colour() + "\"");
      for (int k = 0; k < risk.times().length; k++) {
        svg.text(x.map(risk.times()[k]), yy, Integer.toString(row.atRisk()[k]), "middle", null);
      }
    }
  }

  /**
   * A Fig. 1-style flow of patient counts: the {@code chain} boxes top to bottom joined by
   * arrows, the {@code aside} box (may be null) to the right of the chain's last box, and the
   * {@code split} boxes side by side under it.
   */
  public static String flow(String title, List<String> chain, String aside, List<String> split) {
    int w = 620;
    double bw = 280;
    double bh = 30;
    double gap = 22;
    double cx = 170;
    int h = (int) (40 + (chain.size() + 1) * (bh + gap));
    Svg svg = new Svg(w, h, title);
    svg.text(w / 2.0, 16, title, "middle", "font-weight=\"bold\" font-size=\"13\"");
    double yy = 30;
    for (int i = 0; i < chain.size(); i++) {
      flowBox(svg, cx - bw / 2, yy, bw, bh, chain.get(i));
      if (i == chain.size() - 1 && aside != null) {
        svg.line(cx + bw / 2, yy + bh / 2, cx + bw / 2 + 20, yy + bh / 2, "#333", 1, null);
        flowBox(svg, cx + bw / 2 + 20, yy, w - (cx + bw / 2 + 20) - 6, bh, aside);
      }
      double next = yy + bh + gap;
      if (i < chain.size() - 1 || !split.isEmpty()) {
        svg.line(cx, yy + bh, cx, next, "#333", 1, null);
      }
      yy = next;
    }
    double sw = Math.min(bw, (w - 12) / Math.max(1.0, split.size()) - 10);
    for (int k = 0; k < split.size(); k++) {
      double sx = cx - bw / 2 + k * (sw + 10);
      flowBox(svg, sx, yy, sw, bh, split.get(k));
    }
    return svg.finish();
  }

  private static void flowBox(Svg svg, double x, double y, double w, double h, String text) {
    svg.rect(x, y, w, h, "#f7f7f7", "#333333");
    svg.text(x + w / 2, y + h / 2 + 4, text, "middle", null);
  }

  public static String forest(String title, List<ForestRow> rows, String xLabel) {
    int w = 640;
    int h = 70 + 24 * rows.size();
    double left = 300;
    double right = w - 110;
    double top = 30;
    double bottom = h - 35;
    double lo = 0;
    double hi = 0;
    for (ForestRow r : rows) {
      lo = Math.min(lo, finiteOr(r.lower(), r.estimate()));
      hi = Math.max(hi, finiteOr(r.upper(), r.estimate()));
    }
    double[] range = Axis.padded(lo, hi, 0.05);
    Svg svg = new Svg(w, h, title);
    Axis x = new Axis(range[0], range[1], left, right);
    svg.text(w / 2.0, 16, title, "middle", "font-weight=\"bold\" font-size=\"13\"");
    svg.line(x.map(0), top, x.map(0), bottom, "#999", 1, "4,3");
    svg.text(right + 55, top - 6, "p", "middle", "font-weight=\"bold\"");
    for (int i = 0; i < rows.size(); i++) {
      ForestRow r = rows.get(i);
      double yy = top + 12 + 24 * i;
      svg.text(left - 10, yy + 4, r.label(), "end", null);
      if (Double.isFinite(r.lower()) && Double.isFinite(r.upper())) {
        svg.line(x.map(r.lower()), yy, x.map(r.upper()), yy, "#333", 1.3, null);
      }
      if (Double.isFinite(r.estimate())) {
        svg.rect(x.map(r.estimate()) - 4, yy - 4, 8, 8, r.p() < 0.05 ? "#D55E00" : "#0072B2",
            null);
      }
      svg.text(right + 55, yy + 4, Html.pValue(r.p()), "middle", null);
    }
    for (double t : x.ticks(5)) {
      svg.line(x.map(t), bottom, x.map(t), bottom + 4, "#333", 1, null);
      svg.text(x.map(t), bottom + 16, tick(t), "middle", null);
    }
    svg.line(left, bottom, right, bottom, "#333", 1, null);
    svg.text((left + right) / 2, h - 4, xLabel, "middle", null);
    return svg.finish();
  }

  public static String box(String title, List<BoxGroup> groups, String yLabel) {
    int w = 300;
    int h = 300;
    double left = 60;
    double right = w - 15;
    double top = 30;
    double bottom = h - 40;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (BoxGroup g : groups) {
      for (double v : g.values()) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (!Double.isFinite(lo)) {
      lo = 0;
      hi = 1;
    }
    double[] range = Axis.padded(lo, hi, 0.06);
    Svg svg = new Svg(w, h, title);
    Axis y = new Axis(range[0], range[1], bottom, top);
    svg.text(w / 2.0, 16, title, "middle", "font-weight=\"bold\" font-size=\"12\"");
    svg.line(left, top, left, bottom, "#333", 1, null);
    for (double t : y.ticks(5)) {
      svg.line(left - 4, y.map(t), left, y.map(t), "#333", 1, null);
      svg.text(left - 6, y.map(t) + 4, tick(t), "end", null);
    }
    svg.text(14, (top + bottom) / 2, yLabel, "middle",
        "transform=\"rotate(-90 14 " + Svg.num((top + bottom) / 2) + ")\"");
    double slot = (right - left) / Math.max(1, groups.size());
    for (int g = 0; g < groups.size(); g++) {
      double[] v = Arrays.stream(groups.get(g).values()).filter(Double::isFinite).sorted()
          .toArray();
      double cx = left + slot * (g + 0.5);
      String col = PALETTE[g % PALETTE.length];
      svg.text(cx, bottom + 14, groups.get(g).label(), "middle", null);
      svg.text(cx, bottom + 28, "n = " + v.length, "middle", null);
      if (v.length == 0) {
        continue;
      }
      double q1 = Quantiles.type7(v, 0.25);
      double med = Quantiles.type7(v, 0.5);
      double q3 = Quantiles.type7(v, 0.75);
      double iqr = q3 - q1;
      double wlo = q1;
      double whi = q3;
      for (double d : v) {
        if (d >= q1 - 1.5 * iqr) {
          wlo = Math.min(wlo, d);
        }
        if (d <= q3 + 1.5 * iqr) {
          whi = Math.max(whi, d);
        }
      }
      double bw = Math.min(60, slot * 0.5);
      svg.line(cx, y.map(wlo), cx, y.map(q1), "#333", 1, null);
      svg.line(cx, y.map(q3), cx, y.map(whi), "#333", 1, null);
      svg.line(cx - bw / 4, y.map(wlo), cx + bw / 4, y.map(wlo), "#333", 1, null);
      svg.line(cx - bw / 4, y.map(whi), cx + bw / 4, y.map(whi), "#333", 1, null);
      svg.rect(cx - bw / 2, y.map(q3), bw, y.map(q1) - y.map(q3), col + "55", "#333");
      svg.line(cx - bw / 2, y.map(med), cx + bw / 2, y.map(med), "#000", 2, null);
      for (double d : v) {
        if (d < wlo || d > whi) {
          svg.circle(cx, y.map(d), 2.5, col);
        }
      }
    }
    return svg.finish();
  }

  /** A tick label as read: at most three decimals, no trailing zeros (0.2, 1, -1.5). */
  static String tick(double v) {
    java.math.BigDecimal b = java.math.BigDecimal.valueOf(Math.round(v * 1000) / 1000.0)
        .stripTrailingZeros();
    return b.signum() == 0 ? "0" : b.toPlainString();
  }

  private static double finiteOr(double v, double fallback) {
    return Double.isFinite(v) ? v : Double.isFinite(fallback) ? fallback : 0;
  }

  /** Axes, ticks and labels; {@code xTicks} overrides the automatic x ticks when given. */
  private static void frame(Svg svg, Axis x, Axis y, String xLabel, String yLabel, String title,
      double[] xTicks) {
    svg.text(svg.width() / 2.0, 16, title, "middle", "font-weight=\"bold\" font-size=\"13\"");
    svg.line(x.pixLo, y.pixLo, x.pixHi, y.pixLo, "#333", 1, null);
    svg.line(x.pixLo, y.pixLo, x.pixLo, y.pixHi, "#333", 1, null);
    for (double t : xTicks != null ? xTicks : x.ticks(5)) {
      svg.line(x.map(t), y.pixLo, x.map(t), y.pixLo + 4, "#333", 1, null);
      svg.text(x.map(t), y.pixLo + 16, tick(t), "middle", null);
    }
    for (double t : y.ticks(5)) {
      svg.line(x.pixLo - 4, y.map(t), x.pixLo, y.map(t), "#333", 1, null);
      svg.text(x.pixLo - 6, y.map(t) + 4, tick(t), "end", null);
    }
    svg.text((x.pixLo + x.pixHi) / 2, y.pixLo + 32, xLabel, "middle", null);
    double cy = (y.pixLo + y.pixHi) / 2;
    double cx = x.pixLo - 38;
    svg.text(cx, cy, yLabel, "middle",
        "transform=\"rotate(-90 " + Svg.num(cx) + " " + Svg.num(cy) + ")\"");
  }

  /** Right-continuous step function starting at (0, 1), as survival curves are drawn. */
  private static String stepPath(double[] t, double[] s, Axis x, Axis y, String col, double w,
      String dash) {
    StringBuilder d = new StringBuilder("M").append(Svg.num(x.map(0))).append(',')
        .append(Svg.num(y.map(1)));
    double prev = 1;
    for (int i = 0; i < t.length; i++) {
      if (!Double.isFinite(s[i])) {
        continue;
      }
      d.append(" H").append(Svg.num(x.map(t[i])));
      if (s[i] != prev) {
        d.append(" V").append(Svg.num(y.map(s[i])));
        prev = s[i];
      }
    }
    d.append(" H").append(Svg.num(x.pixHi));
    return "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + col + "\" stroke-width=\""
        + Svg.num(w) + "\"" + (dash == null ? "" : " stroke-dasharray=\"" + dash + "\"") + "/>";
  }

  private static double stepValue(double[] t, double[] s, double at) {
    double v = 1;
    for (int i = 0; i < t.length && t[i] <= at; i++) {
      if (Double.isFinite(s[i])) {
        v = s[i];
      }
    }
    return v;
  }
}
