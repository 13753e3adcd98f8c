package org.deltarad.cli;

import java.io.PrintWriter;
import org.deltarad.runtime.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine;

/**
 * The single entry point: {@code deltarad <command> [options]}.
 *
 * <p>Exit codes: 0 success, 1 the command failed on its input (one line on stderr naming the
 * cause), 2 bad options (one line plus a pointer to {@code --help}). Set {@code DELTARAD_DEBUG=1}
 * to see stack traces.
 */
@Command(name = "deltarad", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
    description = "MRI delta radiomics: PyRadiomics-equivalent features and R-matched statistics"
        + " on Apache Spark.",
    subcommands = {
        CommandLine.HelpCommand.class,
        AnalyzeCommand.class,
        DemoCommand.class,
        SynthCommand.class,
        TdrocCommand.class,
        ExtractCommand.class,
        IccCommand.class,
        CoxnetCommand.class,
        ExtractJobCommand.class,
        CompactCommand.class,
        DiceCommand.class,
        ScoreCommand.class,
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (tests call this instead of main). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    // enum options take their lower-case spelling (--ties efron)
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler((ex, argv) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println(ex.getCommandLine().getCommandName() + ": " + ex.getMessage()
          + " (see --help)");
      return 2;
    });
    cl.setExecutionExceptionHandler((ex, command, parsed) -> {
      PrintWriter err = command.getErr();
      err.println(command.getCommandName() + ": " + describe(ex));
      if (debug()) {
        ex.printStackTrace(err);
      }
      err.flush();
      return 1;
    });
    return cl.execute(args);
  }

  /** {@code --version}: the jar's version. */
  static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"DeltaRad " + Version.current()};
    }
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  static boolean debug() {
    return "1".equals(System.getenv("DELTARAD_DEBUG"));
  }

  /** One line naming the cause; the exception class only when its message is empty. */
  static String describe(Throwable ex) {
    String msg = ex.getMessage();
    if (msg == null || msg.isBlank()) {
      return ex.getClass().getSimpleName()
          + (ex.getCause() != null ? ": " + describe(ex.getCause()) : "");
    }
    return msg.replace('\n', ' ');
  }
}
