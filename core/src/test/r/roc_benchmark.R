# Milliseconds for timeROC (iid=TRUE), survivalROC (KM) and survival::concordance on simulated
# cohorts like TimeDependentRocBenchmark's (same design, R's RNG). Rscript core/src/test/r/roc_benchmark.R
suppressPackageStartupMessages({ library(survival); library(timeROC); library(survivalROC) })
for (n in c(110, 500)) {
  set.seed(42)
  m <- rnorm(n); tev <- rexp(n, 0.012 * exp(0.8 * m)); cen <- 10 + 120 * runif(n)
  time <- round(pmin(tev, cen), 2); status <- as.numeric(tev <= cen)
  reps <- if (n <= 110) 10 else 2
  t0 <- proc.time()[3]
  for (r in 1:reps) timeROC(T = time, delta = status, marker = m, cause = 1, times = 60, iid = TRUE)
  t1 <- proc.time()[3]
  for (r in 1:reps) survivalROC(Stime = time, status = status, marker = m, predict.time = 60, method = "KM")
  t2 <- proc.time()[3]
  for (r in 1:reps) concordance(Surv(time, status) ~ m, reverse = TRUE)
  t3 <- proc.time()[3]
  cat(sprintf("n=%d timeROC(iid) %.1f ms, survivalROC KM %.1f ms, concordance %.1f ms\n", n,
              1000 * (t1 - t0) / reps, 1000 * (t2 - t1) / reps, 1000 * (t3 - t2) / reps))
}
