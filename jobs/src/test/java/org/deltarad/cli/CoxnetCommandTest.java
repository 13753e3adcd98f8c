package org.deltarad.cli;

import static org.deltarad.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deltarad coxnet through Main.run, against cv.glmnet values of the core golden "heavycens". */
class CoxnetCommandTest {
  @TempDir
  Path dir;

  /** A small data set with covariates between the time and event columns. */
  private Path write(String name, String content) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  private String data(int n) {
    StringBuilder sb = new StringBuilder("age,time,size,status,grade\n");
    java.util.Random r = new java.util.Random(7);
    for (int i = 0; i < n; i++) {
      double a = r.nextGaussian();
      double s = r.nextGaussian();
      double g = r.nextGaussian();
      double t = -Math.log(r.nextDouble()) / Math.exp(1.2 * a - 0.8 * s);
      double c = 3 * r.nextDouble();
      sb.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%d,%.6f%n", a, Math.min(t, c), s,
          t <= c ? 1 : 0, g));
    }
    return sb.toString();
  }

  @Test
  void printsJsonWithCoefficientsKeyedByColumn() throws Exception {
    Path f = write("d.csv", data(40));
    CliRun r = run("coxnet", "--input", f.toString(), "--time", "time", "--event", "status");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertTrue(j.get("lambda_min").asDouble() > 0);
    assertTrue(j.get("lambda_1se").asDouble() >= j.get("lambda_min").asDouble());
    assertTrue(j.get("n_lambda").asInt() > 1);
    assertEquals(40, j.get("n_folds").asInt());
    for (String k : new String[] {"coefficients_min", "coefficients_1se"}) {
      JsonNode c = j.get(k);
      assertEquals(3, c.size());
      assertTrue(c.has("age") && c.has("size") && c.has("grade"), c.toString());
    }
    assertTrue(j.get("coefficients_min").get("age").asDouble() > 0);
    // K-fold with a seed is reproducible.
    CliRun a = run("coxnet", "--input", f.toString(), "--time", "time", "--event", "status",
        "--folds", "5", "--seed", "3", "--ties", "efron");
    CliRun b = run("coxnet", "--input", f.toString(), "--time", "time", "--event", "status",
        "--folds", "5", "--seed", "3", "--ties", "efron");
    assertEquals(0, a.code(), a.err());
    assertEquals(a.out(), b.out());
    assertEquals(5, new ObjectMapper().readTree(a.out()).get("n_folds").asInt());
  }

  @Test
  void badInputIsOneLineAndExitCode1() throws Exception {
    Path ok = write("ok.csv", data(20));
    assertError(1, "no column 'tim'", "coxnet", "--input", ok.toString(), "--time", "tim",
        "--event", "status");
    Path text = write("text.csv", "time,status,x,y\n1,1,0.5,1\n2,0,abc,2\n3,1,0.1,3\n4,1,2,1\n");
    assertError(1, "column 'x' value 'abc' is not a number", "coxnet", "--input", text.toString(),
        "--time", "time", "--event", "status");
    Path neg = write("neg.csv", "time,status,x,y\n1,1,0.5,1\n-2,0,1,2\n3,1,0.1,3\n4,1,2,1\n");
    assertError(1, "negative time", "coxnet", "--input", neg.toString(), "--time", "time",
        "--event", "status");
    Path none = write("none.csv", "time,status,x,y\n1,0,0.5,1\n2,0,1,2\n3,0,0.1,3\n4,0,2,1\n");
    assertError(1, "no events", "coxnet", "--input", none.toString(), "--time", "time",
        "--event", "status");
    assertError(1, "no such file", "coxnet", "--input", dir.resolve("missing.csv").toString(),
        "--time", "time", "--event", "status");
    assertError(2, "--ties", "coxnet", "--input", ok.toString(), "--time", "time", "--event",
        "status", "--ties", "exact");
    assertError(2, "--folds", "coxnet", "--input", ok.toString(), "--time", "time", "--event",
        "status", "--folds", "many");
    // a bad fold count is a bad option (exit 2), found before the input is read
    assertError(2, "--folds must be 'loo' or a number of folds >= 3, got '2'", "coxnet",
        "--input", dir.resolve("missing.csv").toString(), "--time", "time", "--event", "status",
        "--folds", "2");
  }

  private static void assertError(int code, String part, String... args) {
    CliRun r = run(args);
    assertEquals(code, r.code(), r.out() + r.err());
    String err = r.err().trim();
    assertTrue(err.contains(part), "stderr '" + err + "' lacks '" + part + "'");
    if (code == 1) {
      assertEquals(1, err.lines().count(), err);
    }
  }
}
