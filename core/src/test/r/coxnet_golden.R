# Golden values for org.deltarad.stats.CoxNet / CoxNetCv (LASSO-Cox, glmnet semantics).
# Run from the repository root:  Rscript core/src/test/r/coxnet_golden.R
# Needs glmnet 4.1-6 and survival. Writes core/src/test/resources/golden/coxnet/<case>/:
#   data.csv    time,status,<covariates>            (the input)
#   foldid.csv  foldid                              (the folds passed to cv.glmnet)
#   path.csv    lambda,dev_ratio,df,<covariates>    (glmnet() path, coefficients on original scale)
#   cv.csv      lambda,cvm,cvsd,nzero               (cv.glmnet curve)
#   summary.csv key,value                           (nulldev, lambda.min, lambda.1se, indices, ...)
#   coef.csv    name,min,1se                        (coef(cv, s = "lambda.min" / "lambda.1se"))
suppressPackageStartupMessages({ library(glmnet); library(survival) })
stopifnot(packageVersion("glmnet") == "4.1.6")
out_root <- "core/src/test/resources/golden/coxnet"

fmt <- function(v) if (is.numeric(v)) sprintf("%.17g", v) else as.character(v)
write_tab <- function(df, file) {
  df[] <- lapply(df, fmt)
  write.csv(df, file, row.names = FALSE, quote = FALSE)
}

ar1 <- function(n, p, rho) {
  z <- matrix(rnorm(n * p), n, p)
  x <- z
  for (j in 2:p) x[, j] <- rho * x[, j - 1] + sqrt(1 - rho^2) * z[, j]
  x
}

make_case <- function(name, x, time, status, foldid, note) {
  dir <- file.path(out_root, name)
  dir.create(dir, recursive = TRUE, showWarnings = FALSE)
  colnames(x) <- paste0("x", seq_len(ncol(x)))
  y <- Surv(time, status)
  write_tab(data.frame(time = time, status = status, x, check.names = FALSE),
            file.path(dir, "data.csv"))
  write_tab(data.frame(foldid = foldid), file.path(dir, "foldid.csv"))
  fit <- glmnet(x, y, family = "cox")
  b <- as.matrix(fit$beta)
  write_tab(data.frame(lambda = fit$lambda, dev_ratio = fit$dev.ratio, df = fit$df, t(b),
                       check.names = FALSE), file.path(dir, "path.csv"))
  t0 <- proc.time()[["elapsed"]]
  cv <- cv.glmnet(x, y, family = "cox", foldid = foldid)
  elapsed <- proc.time()[["elapsed"]] - t0
  stopifnot(isTRUE(all.equal(cv$glmnet.fit$lambda, fit$lambda)))
  write_tab(data.frame(lambda = cv$lambda, cvm = cv$cvm, cvsd = cv$cvsd, nzero = cv$nzero),
            file.path(dir, "cv.csv"))
  write_tab(data.frame(
    key = c("n", "p", "nfolds", "nulldev", "n_lambda", "lambda_min", "lambda_1se",
            "index_min", "index_1se", "note"),
    value = c(nrow(x), ncol(x), max(foldid), sprintf("%.17g", fit$nulldev), length(fit$lambda),
              sprintf("%.17g", cv$lambda.min), sprintf("%.17g", cv$lambda.1se),
              cv$index[1], cv$index[2], note)),
    file.path(dir, "summary.csv"))
  cmin <- as.numeric(coef(cv, s = "lambda.min"))
  c1se <- as.numeric(coef(cv, s = "lambda.1se"))
  write_tab(data.frame(name = colnames(x), min = cmin, `1se` = c1se, check.names = FALSE),
            file.path(dir, "coef.csv"))
  cat(sprintf("%-10s n=%4d p=%3d folds=%4d nlambda=%3d lambda.min=%.6g lambda.1se=%.6g (cv %.2fs)\n",
              name, nrow(x), ncol(x), max(foldid), length(fit$lambda), cv$lambda.min,
              cv$lambda.1se, elapsed))
}

# 1. paper-like: n = 73 training patients, 26 delta features, leave-one-out.
set.seed(20250101)
n <- 73; p <- 26
x <- ar1(n, p, 0.5)
eta <- 0.8 * x[, 1] - 0.6 * x[, 5] + 0.4 * x[, 12]
tt <- rexp(n, 0.03 * exp(eta)); cc <- runif(n, 10, 90)
make_case("paper", x, round(pmin(tt, cc), 2), as.integer(tt <= cc), 1:n,
          "n=73 p=26 LOO, months, ~50% events")

# 2. tied times: integer months 1..15, ties among events and between events and censored rows.
set.seed(2)
n <- 60; p <- 8
x <- matrix(rnorm(n * p), n, p)
tt <- ceiling(rexp(n, 0.15 * exp(0.7 * x[, 2] - 0.5 * x[, 3])))
cc <- sample(3:15, n, replace = TRUE)
make_case("ties", x, pmin(tt, cc), as.integer(tt <= cc), 1:n, "integer times with ties, LOO")

# 3. heavy censoring (~85%), 10 folds with an explicit foldid.
set.seed(3)
n <- 100; p <- 10
x <- matrix(rnorm(n * p), n, p)
tt <- rexp(n, 0.02 * exp(0.9 * x[, 1] + 0.5 * x[, 4])); cc <- runif(n, 0, 12)
make_case("heavycens", x, pmin(tt, cc), as.integer(tt <= cc), sample(rep(1:10, length = n)),
          "heavy censoring, 10-fold")

# 4. p > n (lambda.min.ratio 1e-2), leave-one-out.
set.seed(4)
n <- 40; p <- 60
x <- matrix(rnorm(n * p), n, p)
tt <- rexp(n, 0.1 * exp(x[, 1] - x[, 2])); cc <- runif(n, 2, 20)
make_case("pgtn", x, pmin(tt, cc), as.integer(tt <= cc), 1:n, "p > n, LOO")

# 5. strongly correlated columns (AR(1) rho = 0.95), 10 folds.
set.seed(5)
n <- 120; p <- 15
x <- ar1(n, p, 0.95) * rep(c(1, 10, 0.1), length = p)[col(matrix(0, n, p))]
tt <- rexp(n, 0.05 * exp(0.5 * x[, 1] + 0.05 * x[, 8])); cc <- runif(n, 5, 40)
make_case("corr", x, pmin(tt, cc), as.integer(tt <= cc), sample(rep(1:10, length = n)),
          "correlated and differently scaled columns, 10-fold")

# 6. a constant column (glmnet leaves it at 0), leave-one-out.
set.seed(6)
n <- 50; p <- 6
x <- matrix(rnorm(n * p, 5, 2), n, p); x[, 3] <- 4.5
tt <- rexp(n, 0.1 * exp(0.6 * x[, 1] - 3)); cc <- runif(n, 1, 30)
make_case("const", x, pmin(tt, cc), as.integer(tt <= cc), 1:n, "constant column 3, LOO")

# 7. strong signal: the path stops early on the deviance-ratio rules; 5 folds.
set.seed(7)
n <- 80; p <- 5
x <- matrix(rnorm(n * p), n, p)
tt <- rexp(n, exp(2.5 * x[, 1] - 2 * x[, 2])); cc <- runif(n, 0, 5)
make_case("strong", x, pmin(tt, cc), as.integer(tt <= cc), sample(rep(1:5, length = n)),
          "strong signal, early path stop, 5-fold")

# 8. times in days (>= 256): glmnet's 100*eps shift of censored times is lost to rounding, so a
#    censored time equal to an event time is an exact tie inside glmnet's sort. 5 folds.
set.seed(8)
n <- 90; p <- 7
x <- matrix(rnorm(n * p), n, p)
tt <- 300 + 30 * ceiling(rexp(n, 0.05 * exp(0.8 * x[, 1]))); cc <- 300 + 30 * sample(1:40, n, TRUE)
make_case("days", x, pmin(tt, cc), as.integer(tt <= cc), sample(rep(1:5, length = n)),
          "times in days with event/censored ties, 5-fold")

# 9. the same kind of day-scale ties with leave-one-out (each fold is re-sorted by glmnet).
set.seed(9)
n <- 50; p <- 5
x <- matrix(rnorm(n * p), n, p)
tt <- 400 + 20 * ceiling(rexp(n, 0.08 * exp(0.7 * x[, 2]))); cc <- 400 + 20 * sample(1:25, n, TRUE)
make_case("daysloo", x, pmin(tt, cc), as.integer(tt <= cc), 1:n,
          "times in days with event/censored ties, LOO")

# 10a. censored rows before the first event (they are in no risk set; their LOO folds have no
#      events but still count in cv.coxnet's N), leave-one-out.
set.seed(10)
n <- 45; p <- 6
x <- matrix(rnorm(n * p), n, p)
tt <- 2 + rexp(n, 0.2 * exp(0.8 * x[, 1])); cc <- c(runif(6, 0.1, 1.5), runif(n - 6, 2, 15))
make_case("earlycens", x, pmin(tt, cc), as.integer(tt <= cc), 1:n,
          "6 rows censored before the first event, LOO")

# 10. unpenalised reference for lambda = 0: survival::coxph with Breslow and Efron ties on the
#     tied-times case (glmnet 4.1-6 has no Efron option; CoxNet.Ties.EFRON is checked here).
for (case in c("ties", "paper")) {
  dir <- file.path(out_root, case)
  d <- read.csv(file.path(dir, "data.csv"))
  xs <- as.matrix(d[, -(1:2)])
  ctl <- coxph.control(eps = 1e-14, iter.max = 200, toler.chol = 1e-15)
  fb <- coxph(Surv(d$time, d$status) ~ xs, ties = "breslow", control = ctl)
  fe <- coxph(Surv(d$time, d$status) ~ xs, ties = "efron", control = ctl)
  write_tab(data.frame(name = colnames(xs), breslow = unname(coef(fb)), efron = unname(coef(fe))),
            file.path(dir, "coxph.csv"))
  cat(sprintf("%-10s coxph breslow/efron written (survival %s)\n", case, packageVersion("survival")))
}

# 11. other glmnet() settings on the tied-times case: a user lambda sequence (no early stop, no
#     lambda recursion) and the elastic net alpha = 0.5.
d <- read.csv(file.path(out_root, "ties", "data.csv"))
xs <- as.matrix(d[, -(1:2)]); ys <- Surv(d$time, d$status)
fu <- glmnet(xs, ys, family = "cox", lambda = c(0.3, 0.1, 0.05, 0.01, 0.001))
write_tab(data.frame(lambda = fu$lambda, dev_ratio = fu$dev.ratio, df = fu$df, t(as.matrix(fu$beta)),
                     check.names = FALSE), file.path(out_root, "ties", "path_user_lambda.csv"))
fa <- glmnet(xs, ys, family = "cox", alpha = 0.5)
write_tab(data.frame(lambda = fa$lambda, dev_ratio = fa$dev.ratio, df = fa$df, t(as.matrix(fa$beta)),
                     check.names = FALSE), file.path(out_root, "ties", "path_alpha05.csv"))
