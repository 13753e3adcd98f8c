# Golden values for org.deltarad.stats: ICC, OLS harmonisation, classical tests.
# Run from the repository root:  Rscript core/src/test/r/misc_golden.R
# Needs: R 4.2.2, jsonlite; ICC 2.4.0 and irr 0.84.1 (CRAN sources: R CMD INSTALL, irr needs
# lpSolve = Debian r-cran-lpsolve); sva 3.46.0 (Debian r-bioc-sva). Deterministic (set.seed per
# block): rerunning reproduces the committed fixtures byte for byte.
suppressPackageStartupMessages({ library(ICC); library(irr); library(jsonlite) })
out <- "core/src/test/resources/golden"
dir.create(file.path(out, "icc"), recursive = TRUE, showWarnings = FALSE)
dir.create(file.path(out, "harmonize"), recursive = TRUE, showWarnings = FALSE)
dir.create(file.path(out, "tests"), recursive = TRUE, showWarnings = FALSE)
wj <- function(x, f) writeLines(toJSON(x, digits = I(17), auto_unbox = TRUE, null = "null",
                                       na = "null", pretty = FALSE), f)
iv <- function(v, l, u) list(value = v, lower = l, upper = u)
# jsonlite writes 15 significant digits: every input is first rounded through JSON text (yajl
# strtod, correctly rounded like Java's parser), so R computes on exactly the doubles Java reads
rt <- function(v) fromJSON(toJSON(v, digits = I(15)))
# JSON has no infinity: write it as a string
ex <- function(v) if (length(v) == 1 && is.infinite(v)) (if (v > 0) "Inf" else "-Inf") else v

## ---------------------------------------------------------------- ICC
icc_case <- function(name, long) {
  long$subject <- as.character(long$subject); long$rater <- as.character(long$rater)
  long$value <- rt(long$value)
  est <- suppressWarnings(ICCest(x = factor(subject), y = value, data = long))
  wide <- reshape(long, idvar = "subject", timevar = "rater", direction = "wide")
  wide <- as.matrix(wide[, -1, drop = FALSE])
  o <- icc(wide, model = "oneway"); a <- icc(wide, model = "twoway", type = "agreement")
  c3 <- icc(wide, model = "twoway", type = "consistency")
  list(name = name, subject = long$subject, rater = long$rater, value = long$value,
       iccest = iv(est$ICC, est$LowerCI, est$UpperCI),
       irr_oneway = iv(o$value, o$lbound, o$ubound),
       agreement = iv(a$value, a$lbound, a$ubound),
       consistency = iv(c3$value, c3$lbound, c3$ubound),
       complete_subjects = nrow(na.omit(wide)))
}
mk_long <- function(ns, nr, sd_s, sd_e, bias = rep(0, nr)) {
  s <- rnorm(ns, 0, sd_s)
  d <- expand.grid(subject = sprintf("P%03d", seq_len(ns)), rater = paste0("R", seq_len(nr)),
                   stringsAsFactors = FALSE)
  d$value <- 10 + s[match(d$subject, sprintf("P%03d", seq_len(ns)))] +
    bias[match(d$rater, paste0("R", seq_len(nr)))] + rnorm(nrow(d), 0, sd_e)
  d
}
set.seed(501)
cases <- list()
cases[[1]] <- icc_case("balanced_20x2", mk_long(20, 2, 2, 0.7))
cases[[2]] <- icc_case("bias_15x3", mk_long(15, 3, 1.5, 0.8, c(0, 0.9, -0.4)))
u <- mk_long(25, 2, 1, 0.5); u <- u[-c(3, 7, 30, 41), ]
cases[[3]] <- icc_case("unbalanced_25x2_missing", u)
cases[[4]] <- icc_case("small_3x2", mk_long(3, 2, 1, 1))
t5 <- mk_long(10, 4, 1.2, 0.9); t5$value <- round(t5$value)
cases[[5]] <- icc_case("integer_ties_10x4", t5)
cases[[6]] <- icc_case("low_icc_12x2", mk_long(12, 2, 0.1, 1))
u7 <- mk_long(30, 3, 3, 1, c(0, 2, 1)); u7 <- u7[-c(5, 31, 32, 77), ]
cases[[7]] <- icc_case("unbalanced_30x3_missing", u7)
wj(cases, file.path(out, "icc", "icc_cases.json"))

## ---------------------------------------------------------------- OLS harmonisation
num_names <- c("TR", "TE", "FlipAngle", "SliceThickness", "NEX", "Anisotropy", "VoxelVolume",
               "FOV", "FieldStrength")
mk_cov <- function(n) {
  data.frame(TR = round(runif(n, 400, 6000)), TE = round(runif(n, 8, 120), 1),
             FlipAngle = sample(c(70, 90, 150, 160), n, TRUE),
             SliceThickness = sample(c(3, 4, 5, 6), n, TRUE), NEX = sample(1:4, n, TRUE),
             Anisotropy = runif(n, 1, 8), VoxelVolume = runif(n, 0.2, 4),
             FOV = sample(c(200, 240, 260, 280), n, TRUE), FieldStrength = sample(c(1.5, 3), n, TRUE),
             Manufacturer = sample(c("Siemens", "GE", "Philips"), n, TRUE), stringsAsFactors = FALSE)
}
harm_case <- function(name, fitc, newc, nfeat = 6) {
  n <- nrow(fitc); m <- nrow(newc)
  for (v in num_names) { fitc[[v]] <- rt(fitc[[v]]); newc[[v]] <- rt(newc[[v]]) }
  fitc$Manufacturer <- factor(fitc$Manufacturer)
  newc$Manufacturer <- factor(newc$Manufacturer, levels = levels(fitc$Manufacturer))
  Xf <- model.matrix(~ TR + TE + FlipAngle + SliceThickness + NEX + Anisotropy + VoxelVolume + FOV +
                       FieldStrength + Manufacturer, fitc)
  Xn <- model.matrix(~ TR + TE + FlipAngle + SliceThickness + NEX + Anisotropy + VoxelVolume + FOV +
                       FieldStrength + Manufacturer, newc)
  beta <- rnorm(ncol(Xf)) / pmax(1, apply(abs(Xf), 2, max))
  Y <- sapply(seq_len(nfeat), function(f) drop(Xf %*% (beta * f)) + rnorm(n, 0, f))
  Yn <- sapply(seq_len(nfeat), function(f) drop(Xn %*% (beta * f)) + rnorm(m, 0, f))
  Y[, nfeat] <- Y[, nfeat] * 1e4  # a feature on a large scale
  Y <- apply(Y, 2, rt); Yn <- apply(Yn, 2, rt)
  feats <- list()
  for (f in seq_len(nfeat)) {
    d <- fitc; d$y <- Y[, f]
    fit <- lm(y ~ TR + TE + FlipAngle + SliceThickness + NEX + Anisotropy + VoxelVolume + FOV +
                FieldStrength + Manufacturer, d)
    cf <- coef(fit); cf0 <- cf; cf0[is.na(cf0)] <- 0
    rn <- Yn[, f] - drop(Xn %*% cf0)
    r <- residuals(fit)
    zf <- (r - mean(r)) / sd(r); zn <- (rn - mean(r)) / sd(r)
    if (fit$df.residual == 0) { zf <- NULL; zn <- NULL }  # exact fit: no residual spread
    feats[[f]] <- list(y = Y[, f], y_new = Yn[, f], coefficients = unname(cf),
                       residuals = unname(r), residuals_new = unname(rn), z = unname(zf),
                       z_new = unname(zn))
  }
  aliased <- names(cf)[is.na(cf)]
  list(name = name, numeric_names = num_names, columns = colnames(Xf),
       fit_numeric = lapply(num_names, function(v) fitc[[v]]),
       fit_manufacturer = as.character(fitc$Manufacturer),
       new_numeric = lapply(num_names, function(v) newc[[v]]),
       new_manufacturer = as.character(newc$Manufacturer),
       rank = fit$rank, aliased = I(aliased), features = feats)
}
set.seed(502)
h <- list()
h[[1]] <- harm_case("full_rank_n80", mk_cov(80), mk_cov(40))
c2 <- mk_cov(60); c2$FieldStrength <- 3; n2 <- mk_cov(30); n2$FieldStrength <- 3
h[[2]] <- harm_case("constant_field_strength", c2, n2)
c3 <- mk_cov(60); c3$FOV <- 2 * c3$SliceThickness + 0.5 * c3$NEX
n3 <- mk_cov(30); n3$FOV <- 2 * n3$SliceThickness + 0.5 * n3$NEX
h[[3]] <- harm_case("collinear_fov", c3, n3)
c4 <- mk_cov(50); c4$Anisotropy <- c4$VoxelVolume * 3 + 1e-10 * rnorm(50)
n4 <- mk_cov(20); n4$Anisotropy <- n4$VoxelVolume * 3
h[[4]] <- harm_case("near_collinear_tol", c4, n4)
c5 <- mk_cov(40); c5$FieldStrength <- ifelse(c5$Manufacturer == "GE", 1.5, 3)
n5 <- mk_cov(20); n5$FieldStrength <- ifelse(n5$Manufacturer == "GE", 1.5, 3)
h[[5]] <- harm_case("field_strength_by_manufacturer", c5, n5)
c6 <- mk_cov(16); n6 <- mk_cov(5)
h[[6]] <- harm_case("small_n16", c6, n6)
h[[7]] <- harm_case("more_columns_than_rows_n8", mk_cov(8), mk_cov(4))
wj(h, file.path(out, "harmonize", "ols_cases.json"))

## ---------------------------------------------------------------- classical tests
set.seed(503)
mw <- function(name, x, y) {
  x <- rt(x); y <- rt(y)
  t <- suppressWarnings(wilcox.test(x, y, conf.int = TRUE))
  list(name = name, x = x, y = y, w = unname(t$statistic), p = t$p.value,
       estimate = unname(t$estimate), lower = t$conf.int[1], upper = t$conf.int[2],
       exact = grepl("exact", t$method))
}
m <- list()
m[[1]] <- mw("exact_8_10", rnorm(8, 1), rnorm(10))
m[[2]] <- mw("exact_tiny_3_4", rnorm(3), rnorm(4))
m[[3]] <- mw("ties_12_15", round(rnorm(12, 0.5), 1), round(rnorm(15), 1))
m[[4]] <- mw("approx_60_55", rnorm(60, 0.3), rnorm(55))
m[[5]] <- mw("ordinal_70_80", sample(1:4, 70, TRUE, c(.2, .3, .3, .2)), sample(1:4, 80, TRUE, c(.4, .3, .2, .1)))
m[[6]] <- mw("exact_49_49", rnorm(49), rnorm(49, 0.4))
m[[7]] <- mw("approx_50_10", rexp(50), rexp(10, 2))
m[[8]] <- mw("separated_exact_6_5", runif(6, 10, 11), runif(5, 0, 1))
m[[9]] <- mw("separated_ties", c(1, 1, 2, 2), c(3, 3, 4))
m[[10]] <- mw("one_vs_five", 2.5, c(1.1, 3.2, 0.4, 5.5, 2.2))
m[[11]] <- mw("ties_large_scale", round(rnorm(30, 1e4, 500), -2), round(rnorm(25, 1.02e4, 500), -2))
# a sweep of approximate-path cases (ties from rounding, sizes 5..80): the CI limits come from
# a loose root search on a step function, so this checks the search path is R's
for (i in 1:12) {
  nx <- sample(5:80, 1); ny <- sample(5:80, 1); dg <- sample(0:2, 1)
  m[[length(m) + 1]] <- mw(sprintf("sweep_%02d", i), round(rnorm(nx, runif(1, -1, 1)), dg), round(rnorm(ny), dg))
}
wj(m, file.path(out, "tests", "mann_whitney.json"))

sr <- function(name, x, y) {
  x <- rt(x); y <- rt(y)
  t <- suppressWarnings(wilcox.test(x, y, paired = TRUE, conf.int = TRUE))
  list(name = name, x = x, y = y, v = unname(t$statistic), p = t$p.value,
       exact = grepl("exact", t$method), estimate = unname(t$estimate),
       lower = t$conf.int[1], upper = t$conf.int[2], conf_level = attr(t$conf.int, "conf.level"))
}
s <- list()
a <- rnorm(10); s[[1]] <- sr("exact_10", a + rnorm(10, 0.5), a)
a <- round(rnorm(15), 1); b <- a; b[c(2, 5, 9, 11)] <- a[c(2, 5, 9, 11)] + c(0.3, -0.2, 0.7, 0.1)
b[-c(2, 5, 9, 11)] <- a[-c(2, 5, 9, 11)] + round(rnorm(11, 0.2), 1); b[c(1, 3)] <- a[c(1, 3)]
s[[2]] <- sr("zeros_15", b, a)
a <- round(rnorm(20), 1); s[[3]] <- sr("ties_20", round(a + rnorm(20, 0.3), 1), a)
a <- rnorm(60); s[[4]] <- sr("approx_60", a + rnorm(60, 0.2), a)
a <- rnorm(49); s[[5]] <- sr("exact_49", a + rnorm(49, 0.3), a)
s[[6]] <- sr("all_positive_6", c(5.1, 6.3, 7.2, 8.8, 9.1, 10.4), c(1, 2, 3, 4, 5, 6))
a <- rnorm(50); s[[7]] <- sr("n50_one_zero", c(a[1:49] + rnorm(49, 0.1), a[50]), a)
s[[8]] <- sr("tiny_exact_4", c(2.1, 3.5, 1.2, 4.4), c(1, 1, 1, 1))
s[[9]] <- sr("tiny_ties_5", c(2, 3, 3, 5, 1), c(1, 1, 1, 1, 2))
for (i in 1:12) {
  n <- sample(6:80, 1); dg <- sample(0:2, 1); a <- round(rnorm(n), dg)
  s[[length(s) + 1]] <- sr(sprintf("sweep_%02d", i), round(a + rnorm(n, runif(1, -0.5, 0.5)), dg), a)
}
wj(s, file.path(out, "tests", "signed_rank.json"))

sp <- function(name, x, y) {
  x <- rt(x); y <- rt(y)
  t <- suppressWarnings(cor.test(x, y, method = "spearman"))
  list(name = name, x = x, y = y, rho = unname(t$estimate), s = unname(t$statistic),
       p = t$p.value)
}
c1 <- list()
x <- rnorm(7); c1[[1]] <- sp("exact_7", x, x + rnorm(7))
x <- rnorm(9); c1[[2]] <- sp("exact_9", x, x + rnorm(9, 0, 2))
x <- rnorm(10); c1[[3]] <- sp("edgeworth_10", x, x + rnorm(10))
x <- rnorm(30); c1[[4]] <- sp("edgeworth_30", x, x + rnorm(30, 0, 3))
x <- round(rnorm(25)); c1[[5]] <- sp("ties_25", x, round(x + rnorm(25)))
x <- rnorm(100); c1[[6]] <- sp("edgeworth_100", x, -x + rnorm(100, 0, 5))
x <- rnorm(12); c1[[7]] <- sp("negative_12", x, -x + rnorm(12, 0, 0.5))
c1[[8]] <- sp("perfect_5", c(1, 2, 3, 4, 5), c(2, 4, 6, 8, 10))
x <- rnorm(40); c1[[9]] <- sp("null_40", x, rnorm(40))
c1[[10]] <- sp("perfect_negative_9", 1:9, 9:1)
x <- rnorm(1300); c1[[11]] <- sp("t_approx_1300", x, 0.05 * x + rnorm(1300))
x <- rnorm(8); c1[[12]] <- sp("exact_negative_8", x, -x + rnorm(8))
wj(c1, file.path(out, "tests", "spearman.json"))

fi <- function(name, tab) {
  t <- fisher.test(tab)
  r <- list(name = name, table = lapply(seq_len(nrow(tab)), function(i) tab[i, ]), p = t$p.value)
  if (all(dim(tab) == 2)) {
    r$odds_ratio <- ex(unname(t$estimate)); r$lower <- t$conf.int[1]; r$upper <- ex(t$conf.int[2])
  }
  r
}
f <- list()
f[[1]] <- fi("small_2x2", matrix(c(3, 1, 1, 3), 2, byrow = TRUE))
f[[2]] <- fi("medium_2x2", matrix(c(10, 2, 3, 15), 2, byrow = TRUE))
f[[3]] <- fi("zero_cell_2x2", matrix(c(0, 5, 6, 4), 2, byrow = TRUE))
f[[4]] <- fi("infinite_or_2x2", matrix(c(12, 0, 3, 9), 2, byrow = TRUE))
f[[5]] <- fi("large_2x2", matrix(c(45, 30, 20, 60), 2, byrow = TRUE))
f[[6]] <- fi("inverse_2x2", matrix(c(1, 9, 11, 3), 2, byrow = TRUE))
f[[7]] <- fi("null_2x2", matrix(c(5, 5, 5, 5), 2, byrow = TRUE))
f[[8]] <- fi("table_2x3", matrix(c(3, 1, 4, 1, 5, 9), 2, byrow = TRUE))
f[[9]] <- fi("table_3x3", matrix(c(2, 7, 1, 8, 2, 8, 1, 8, 2), 3, byrow = TRUE))
f[[10]] <- fi("table_3x4", matrix(c(5, 0, 2, 1, 1, 4, 0, 3, 2, 2, 6, 0), 3, byrow = TRUE))
f[[11]] <- fi("table_2x5", matrix(c(4, 3, 2, 1, 0, 0, 1, 2, 3, 4), 2, byrow = TRUE))
f[[12]] <- fi("table_4x2", matrix(c(10, 2, 7, 5, 3, 9, 1, 12), 4, byrow = TRUE))
f[[13]] <- fi("zero_row_3x3", matrix(c(3, 0, 2, 0, 0, 0, 2, 4, 5), 3, byrow = TRUE))
f[[14]] <- fi("zero_column_2x3", matrix(c(3, 1, 0, 2, 5, 0), 2, byrow = TRUE))
f[[15]] <- fi("table_5x4", matrix(c(2, 1, 0, 3, 1, 2, 2, 0, 0, 3, 1, 1, 2, 0, 2, 1, 1, 1, 0, 3), 5, byrow = TRUE))
f[[16]] <- fi("table_3x4_n80", matrix(c(9, 1, 5, 5, 1, 9, 5, 5, 5, 5, 2, 8, 3, 6, 9, 7)[1:12] + c(0, 2, 0, 1, 3, 0, 2, 0, 1, 1, 0, 2), 3, byrow = TRUE))
f[[17]] <- fi("table_2x6_n60", matrix(c(8, 2, 6, 4, 7, 3, 2, 7, 4, 6, 1, 10), 2, byrow = TRUE))
wj(f, file.path(out, "tests", "fisher.json"))

## ---------------------------------------------------------------- ComBat (sva 3.46, Bioconductor)
suppressPackageStartupMessages(library(sva))
cb <- function(name, dat, batch, mod = NULL, mean.only = FALSE) {
  dat <- matrix(rt(dat), nrow(dat))
  if (!is.null(mod)) mod <- matrix(rt(mod), nrow(mod))
  adj <- suppressMessages(suppressWarnings(capture.output(
    r <- ComBat(dat, batch, mod = mod, par.prior = TRUE, mean.only = mean.only))))
  list(name = name, data = lapply(seq_len(nrow(dat)), function(i) dat[i, ]), batch = batch,
       covariates = if (is.null(mod)) NULL else lapply(seq_len(nrow(mod)), function(i) mod[i, ]),
       mean_only = mean.only, adjusted = lapply(seq_len(nrow(r)), function(i) unname(r[i, ])))
}
sim <- function(nf, sizes, shift = 1, scale = 1.5) {
  batch <- rep(c("GE_1.5T", "Philips_3T", "Siemens_3T", "Siemens_1.5T")[seq_along(sizes)], sizes)
  n <- length(batch); b <- as.integer(factor(batch))
  loc <- matrix(rnorm(nf * length(sizes), 0, shift), nf); sc <- matrix(rgamma(nf * length(sizes), 4, 4 / scale), nf)
  base <- matrix(rnorm(nf, 5, 2), nf, n)
  dat <- base + loc[, b] + matrix(rnorm(nf * n), nf) * sqrt(sc[, b])
  list(dat = dat, batch = batch)
}
set.seed(504)
k <- list()
s1 <- sim(30, c(15, 12, 20)); k[[1]] <- cb("three_scanners", s1$dat, s1$batch)
s2 <- sim(20, c(18, 22)); mod <- cbind(age = round(rnorm(40, 60, 10)), sex = rbinom(40, 1, 0.5))
s2$dat <- s2$dat + outer(rnorm(20, 0, 0.05), mod[, 1]); k[[2]] <- cb("two_scanners_covariates", s2$dat, s2$batch, mod)
s3 <- sim(25, c(10, 14, 9, 11)); k[[3]] <- cb("mean_only", s3$dat, s3$batch, mean.only = TRUE)
s4 <- sim(15, c(8, 1, 9)); k[[4]] <- cb("single_sample_batch", s4$dat, s4$batch)
s5 <- sim(12, c(10, 10)); s5$dat[3, s5$batch == "GE_1.5T"] <- 2.5; k[[5]] <- cb("constant_in_batch", s5$dat, s5$batch)
wj(k, file.path(out, "harmonize", "combat_cases.json"))
