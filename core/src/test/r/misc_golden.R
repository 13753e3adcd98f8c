# Golden values for org.deltarad.stats: ICC, OLS harmonisation, classical tests.
# Run from the repository root:  Rscript core/src/test/r/misc_golden.R
# Needs: R >= 4.2, ICC 2.4.0 and irr 0.84.1 (CRAN sources), jsonlite.
suppressPackageStartupMessages({ library(ICC); library(irr); library(jsonlite) })
out <- "core/src/test/resources/golden"
dir.create(file.path(out, "icc"), recursive = TRUE, showWarnings = FALSE)
dir.create(file.path(out, "harmonize"), recursive = TRUE, showWarnings = FALSE)
dir.create(file.path(out, "tests"), recursive = TRUE, showWarnings = FALSE)
wj <- function(x, f) writeLines(toJSON(x, digits = I(17), auto_unbox = TRUE, null = "null",
                                       na = "null", pretty = FALSE), f)
iv <- function(v, l, u) list(value = v, lower = l, upper = u)

## ---------------------------------------------------------------- ICC
icc_case <- function(name, long) {
  long$subject <- as.character(long$subject); long$rater <- as.character(long$rater)
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
  feats <- list()
  for (f in seq_len(nfeat)) {
    d <- fitc; d$y <- Y[, f]
    fit <- lm(y ~ TR + TE + FlipAngle + SliceThickness + NEX + Anisotropy + VoxelVolume + FOV +
                FieldStrength + Manufacturer, d)
    cf <- coef(fit); cf0 <- cf; cf0[is.na(cf0)] <- 0
    rn <- Yn[, f] - drop(Xn %*% cf0)
    r <- residuals(fit)
    zf <- (r - mean(r)) / sd(r); zn <- (rn - mean(r)) / sd(r)
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
wj(h, file.path(out, "harmonize", "ols_cases.json"))
