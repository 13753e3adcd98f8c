package org.deltarad.image;

import java.util.Locale;

/** Byte counts for messages: "1.96 GB", "13.7 MB" (decimal units, three significant digits). */
public final class MemorySize {
  private MemorySize() {}

  public static String format(double bytes) {
    String[] units = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB"};
    int u = 0;
    double v = bytes;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return u == 0 ? String.format(Locale.ROOT, "%.0f bytes", v)
        : String.format(Locale.ROOT, "%.3g %s", v, units[u]);
  }
}
