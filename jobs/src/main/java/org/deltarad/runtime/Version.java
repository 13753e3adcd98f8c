package org.deltarad.runtime;

/**
 * The DeltaRad version, from the jobs jar's manifest ({@code Implementation-Version}); "dev" when
 * run from classes. The one version helper: run records, tables and the command line use it.
 */
public final class Version {
  private Version() {}

  public static String current() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
