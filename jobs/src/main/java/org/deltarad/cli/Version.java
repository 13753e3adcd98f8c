package org.deltarad.cli;

import picocli.CommandLine.IVersionProvider;

/** Version string from the jar manifest (falls back to "dev" when run from classes). */
public final class Version implements IVersionProvider {
  public static String current() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"DeltaRad " + current()};
  }
}
