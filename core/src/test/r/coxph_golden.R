# Golden values for org.deltarad.stats.CoxPh: survival::coxph(Surv(time, status) ~ x), Efron ties.
# Run from the repository root:  Rscript core/src/test/r/coxph_golden.R
# Needs: R (4.2.2 here, Debian r-base-core, with survival 3.5.3) and jsonlite (r-cran-jsonlite).
# Deterministic (set.seed per case). Times have one decimal, so Java reads the same doubles.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
case <- function(name, time, status, x) {
  f <- coxph(Surv(time, status) ~ x)
  b <- unname(coef(f)); se <- unname(sqrt(diag(vcov(f))))
  list(name = name, time = time, status = status, x = x, beta = b, se = se,
       hr = exp(b), lower = exp(b - qnorm(0.975) * se), upper = exp(b + qnorm(0.975) * se),
       p = unname(summary(f)$coefficients[, "Pr(>|z|)"]))
}
cases <- list()
set.seed(1)
n <- 73; g <- rbinom(n, 1, 0.4)
t <- round(rexp(n, 0.02 * exp(0.9 * g)), 1); c <- round(runif(n, 12, 125), 1)
cases[[1]] <- case("binary_n73", pmin(t, c), as.integer(t <= c), g)
set.seed(2)
n <- 37; g <- rbinom(n, 1, 0.5)
t <- round(rexp(n, 0.02 * exp(-0.5 * g))); c <- round(runif(n, 12, 125))  # whole months: ties
cases[[2]] <- case("binary_ties_n37", pmin(t, c), as.integer(t <= c), g)
set.seed(3)
n <- 110; x <- round(rnorm(n), 1)
t <- round(rexp(n, 0.01 * exp(0.7 * x)), 1); c <- round(runif(n, 12, 125), 1)
cases[[3]] <- case("continuous_n110", pmin(t, c), as.integer(t <= c), x)
dir.create("core/src/test/resources/golden/survival", showWarnings = FALSE, recursive = TRUE)
writeLines(toJSON(cases, digits = I(17), auto_unbox = TRUE, pretty = FALSE),
           "core/src/test/resources/golden/survival/coxph.json")
