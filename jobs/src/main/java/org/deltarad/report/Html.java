package org.deltarad.report;

import java.util.Locale;

/** HTML escaping and number formatting shared by the report's parts. */
public final class Html {
  private Html() {}

  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A number with {@code digits} decimals; NaN and infinities shown as "NA", as R prints NA. */
  public static String fmt(double v, int digits) {
    if (!Double.isFinite(v)) {
      return "NA";
    }
    return String.format(Locale.ROOT, "%." + digits + "f", v);
  }

  /** A p-value as journals print it: "< 0.001" below a thousandth, else three decimals. */
  public static String pValue(double p) {
    if (!Double.isFinite(p)) {
      return "NA";
    }
    return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
  }
}
