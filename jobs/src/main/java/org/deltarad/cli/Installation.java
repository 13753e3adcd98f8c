package org.deltarad.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where DeltaRad is installed, so that default files (conf/paper-t2w.yaml, data-samples) are
 * found whatever the working directory (a cron job starts in $HOME). The installation is the
 * system property {@value #HOME_PROPERTY} (the launchers set it), else the nearest ancestor of
 * the jar (or classes directory) this class was loaded from that holds the file asked for:
 * {@code jobs/target/deltarad-jobs-*-cluster.jar} sits two levels below it.
 */
final class Installation {
  static final String HOME_PROPERTY = "deltarad.home";

  private Installation() {}

  /**
   * A default file: {@code relative} under the installation when there, else under the working
   * directory; neither gives an IllegalArgumentException naming both places and {@code option}.
   */
  static String defaultFile(String relative, String option) {
    for (Path dir : candidates()) {
      Path p = dir.resolve(relative);
      if (Files.exists(p)) {
        return p.toString();
      }
    }
    if (Files.exists(Path.of(relative))) {
      return relative;
    }
    throw new IllegalArgumentException("default " + relative + " not found in the DeltaRad"
        + " installation (" + describe(candidates()) + ") nor in the working directory "
        + Path.of("").toAbsolutePath() + "; pass " + option);
  }

  /**
   * A path given or defaulted relative to the working directory that does not exist there is
   * taken from the installation when it exists there (the demo's default --data).
   */
  static String fromHome(String path) {
    if (Path.of(path).isAbsolute() || Files.exists(Path.of(path))) {
      return path;
    }
    for (Path dir : candidates()) {
      if (Files.exists(dir.resolve(path))) {
        return dir.resolve(path).toString();
      }
    }
    return path;
  }

  /** Installation directories to try, nearest first. */
  static List<Path> candidates() {
    String home = System.getProperty(HOME_PROPERTY);
    if (home != null) {
      return List.of(Path.of(home).toAbsolutePath());
    }
    List<Path> dirs = new ArrayList<>();
    for (Path p = codeLocation(); p != null; p = p.getParent()) {
      dirs.add(p);
    }
    return dirs;
  }

  private static Path codeLocation() {
    try {
      var source = Installation.class.getProtectionDomain().getCodeSource();
      return source == null ? null
          : Path.of(source.getLocation().toURI()).toAbsolutePath().getParent();
    } catch (URISyntaxException | IllegalArgumentException | SecurityException ex) {
      return null; // not loaded from a file (e.g. a custom class loader): working directory only
    }
  }

  private static String describe(List<Path> dirs) {
    if (dirs.isEmpty()) {
      return "location unknown";
    }
    return System.getProperty(HOME_PROPERTY) != null
        ? HOME_PROPERTY + "=" + dirs.get(0) : "searched upwards from " + dirs.get(0);
  }
}
