package org.deltarad.report;

import java.util.Locale;

/**
 * A minimal SVG writer for the report's figures. Hand-written because the report must be one
 * self-contained HTML file with inline SVG and no JavaScript; the plotting libraries on Maven
 * Central either render bitmaps (JFreeChart) or need a browser runtime.
 */
final class Svg {
  private final StringBuilder sb = new StringBuilder();
  private final int width;
  private final int height;

  Svg(int width, int height, String title) {
    this.width = width;
    this.height = height;
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
        .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width)
        .append(' ').append(height).append("\" role=\"img\" font-family=\"Helvetica, Arial,"
            + " sans-serif\" font-size=\"11\">");
    sb.append("<title>").append(Html.escape(title)).append("</title>");
  }

  int width() { return width; }
  int height() { return height; }

  static String num(double v) {
    if (Math.abs(v - Math.rint(v)) < 1e-9) {
      return Long.toString(Math.round(v));
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  Svg line(double x1, double y1, double x2, double y2, String stroke, double w, String dash) {
    sb.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1))
        .append("\" x2=\"").append(num(x2)).append("\" y2=\"").append(num(y2))
        .append("\" stroke=\"").append(stroke).append("\" stroke-width=\"").append(num(w))
        .append('"');
    if (dash != null) {
      sb.append(" stroke-dasharray=\"").append(dash).append('"');
    }
    sb.append("/>");
    return this;
  }

  Svg rect(double x, double y, double w, double h, String fill, String stroke) {
    sb.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y))
        .append("\" width=\"").append(num(Math.max(0, w))).append("\" height=\"")
        .append(num(Math.max(0, h))).append("\" fill=\"").append(fill).append('"');
    if (stroke != null) {
      sb.append(" stroke=\"").append(stroke).append('"');
    }
    sb.append("/>");
    return this;
  }

  Svg circle(double cx, double cy, double r, String fill) {
    sb.append("<circle cx=\"").append(num(cx)).append("\" cy=\"").append(num(cy))
        .append("\" r=\"").append(num(r)).append("\" fill=\"").append(fill).append("\"/>");
    return this;
  }

  /** A polyline through the points; NaN points break nothing, they are skipped. */
  Svg polyline(double[] xs, double[] ys, String stroke, double w, String dash) {
    sb.append("<polyline fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"")
        .append(num(w)).append('"');
    if (dash != null) {
      sb.append(" stroke-dasharray=\"").append(dash).append('"');
    }
    sb.append(" points=\"");
    for (int i = 0; i < xs.length; i++) {
      if (Double.isFinite(xs[i]) && Double.isFinite(ys[i])) {
        sb.append(num(xs[i])).append(',').append(num(ys[i])).append(' ');
      }
    }
    sb.append("\"/>");
    return this;
  }

  Svg text(double x, double y, String text, String anchor, String extra) {
    sb.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y))
        .append("\" text-anchor=\"").append(anchor).append('"');
    if (extra != null) {
      sb.append(' ').append(extra);
    }
    sb.append('>').append(Html.escape(text)).append("</text>");
    return this;
  }

  Svg raw(String fragment) {
    sb.append(fragment);
    return this;
  }

  String finish() {
    return sb.append("</svg>").toString();
  }
}
