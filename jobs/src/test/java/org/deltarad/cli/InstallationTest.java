package org.deltarad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Default files come from the installation, not the working directory: the tests run in jobs/,
 * which has no conf/, as a cron job started in $HOME would.
 */
class InstallationTest {
  private static final String PARAMS = "conf/paper-t2w.yaml";
  private final String savedHome = System.getProperty(Installation.HOME_PROPERTY);

  @AfterEach
  void restoreHome() {
    if (savedHome == null) {
      System.clearProperty(Installation.HOME_PROPERTY);
    } else {
      System.setProperty(Installation.HOME_PROPERTY, savedHome);
    }
  }

  @Test
  void withoutHomeTheDefaultIsFoundUpwardsFromTheClasses() {
    System.clearProperty(Installation.HOME_PROPERTY);
    assertFalse(Files.exists(Path.of(PARAMS)), "the working directory must not hold " + PARAMS);
    assertEquals(Path.of("..", PARAMS).toAbsolutePath().normalize(),
        Path.of(Installation.defaultFile(PARAMS, "--params")));
  }

  @Test
  void theHomePropertyWins(@TempDir Path home) throws Exception {
    Files.createDirectories(home.resolve("conf"));
    Files.writeString(home.resolve(PARAMS), "setting: {}\n");
    System.setProperty(Installation.HOME_PROPERTY, home.toString());
    assertEquals(home.resolve(PARAMS).toAbsolutePath(),
        Path.of(Installation.defaultFile(PARAMS, "--params")));
  }

  @Test
  void aMissingDefaultNamesWhereItLookedAndTheOption(@TempDir Path home) {
    System.setProperty(Installation.HOME_PROPERTY, home.toString());
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> Installation.defaultFile(PARAMS, "--params"));
    assertTrue(ex.getMessage().contains(home.toString()), ex.getMessage());
    assertTrue(ex.getMessage().endsWith("pass --params"), ex.getMessage());
  }

  @Test
  void fromHomeKeepsExistingAndAbsolutePathsAndFindsTheRestInTheHome(@TempDir Path home)
      throws Exception {
    Files.createDirectories(home.resolve("data-samples"));
    System.setProperty(Installation.HOME_PROPERTY, home.toString());
    assertEquals(home.resolve("data-samples").toString(), Installation.fromHome("data-samples"));
    assertEquals("src", Installation.fromHome("src"));
    assertEquals("/nowhere/x", Installation.fromHome("/nowhere/x"));
    assertEquals("missing", Installation.fromHome("missing"));
    // the demo looks only its default cohort up in the installation
    Files.createDirectories(home.resolve("mycohort"));
    assertEquals(home.resolve("mycohort").toString(), Installation.fromHome("mycohort"));
    assertEquals("mycohort", DemoCommand.cohortDir("mycohort"));
    assertEquals(home.resolve("data-samples").toString(), DemoCommand.cohortDir("data-samples"));
  }
}
