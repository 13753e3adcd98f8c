# Golden values for time-dependent ROC (timeROC 0.4.1, survivalROC 1.0.3.1) and survival
# (survival: survfit, survdiff, concordance). Run from the repository root:
#   Rscript core/src/test/r/roc_golden.R
# Writes data sets to core/src/test/resources/golden/roc/<name>.csv and the expected values to
# golden/roc/<name>.json and golden/survival/<name>.json. Numbers are written with 17
# significant digits; NA -> null, +-Inf -> "Infinity"/"-Infinity".
suppressPackageStartupMessages({
  library(survival); library(timeROC); library(survivalROC)
})
stopifnot(as.character(packageVersion("timeROC")) == "0.4.1",
          as.character(packageVersion("survivalROC")) == "1.0.3.1")
out_roc <- "core/src/test/resources/golden/roc"
out_surv <- "core/src/test/resources/golden/survival"
dir.create(out_roc, recursive = TRUE, showWarnings = FALSE)
dir.create(out_surv, recursive = TRUE, showWarnings = FALSE)

num <- function(v) {
  if (is.na(v)) return("null")
  if (is.infinite(v)) return(if (v > 0) "\"Infinity\"" else "\"-Infinity\"")
  sprintf("%.17g", v)
}
to_json <- function(x) {
  if (is.list(x)) {
    nm <- names(x)
    if (is.null(nm)) return(paste0("[", paste(vapply(x, to_json, ""), collapse = ","), "]"))
    return(paste0("{", paste(sprintf("\"%s\":%s", nm, vapply(x, to_json, "")), collapse = ",\n"), "}"))
  }
  if (is.character(x)) return(if (length(x) == 1) sprintf("\"%s\"", x) else
    paste0("[", paste(sprintf("\"%s\"", x), collapse = ","), "]"))
  x <- as.numeric(x)
  if (length(x) == 1 && is.null(attr(x, "vec"))) return(num(x))
  paste0("[", paste(vapply(x, num, ""), collapse = ","), "]")
}
vec <- function(x) { x <- as.numeric(x); attr(x, "vec") <- TRUE; x }

horizon <- 60
make <- function(name, n, seed, marker_fun, marker2_fun, rate, beta, cens_lo, cens_hi, digits,
                 force_at_horizon = 0) {
  set.seed(seed)
  m <- marker_fun(n)
  m2 <- marker2_fun(m)
  tev <- rexp(n, rate * exp(beta * (m - mean(m))))
  cen <- runif(n, cens_lo, cens_hi)
  time <- round(pmin(tev, cen), digits)
  status <- as.numeric(tev <= cen)
  time[time <= 0] <- 10^-digits
  if (force_at_horizon > 0) {   # subjects exactly at the horizon (events and censorings)
    k <- sample.int(n, force_at_horizon)
    time[k] <- horizon
    status[k] <- rep(c(1, 0), length.out = force_at_horizon)
  }
  data.frame(time = time, status = status, marker = m, marker2 = m2,
             group = as.numeric(m > median(m)) + 1)
}

sets <- list(
  cont_n73 = make("cont_n73", 73, 101, function(n) rnorm(n), function(m) 0.5 * m + rnorm(length(m)),
                  0.012, 0.8, 10, 130, 2),
  cont_n37 = make("cont_n37", 37, 102, function(n) rnorm(n, 5, 2), function(m) round(m + rnorm(length(m)), 1),
                  0.012, 0.4, 5, 120, 2),
  figo_n73 = make("figo_n73", 73, 103, function(n) sample(1:4, n, TRUE, c(.3, .3, .25, .15)),
                  function(m) pmin(3, pmax(1, m - 1 + sample(0:1, length(m), TRUE))),
                  0.01, 0.6, 20, 110, 0, force_at_horizon = 3),
  size_n37 = make("size_n37", 37, 104, function(n) sample(1:3, n, TRUE),
                  function(m) sample(1:4, length(m), TRUE), 0.015, 0.5, 0, 80, 0),
  ties_n110 = make("ties_n110", 110, 105, function(n) round(rlnorm(n, 0, 0.6), 1),
                   function(m) round(m + rnorm(length(m), 0, 0.5), 1),
                   0.013, 0.7, 12, 100, 0, force_at_horizon = 4),
  heavycens_n73 = make("heavycens_n73", 73, 106, function(n) rnorm(n), function(m) -m + rnorm(length(m)),
                       0.01, 1.0, 0, 70, 1)
)
# degenerate: no event before the horizon (all events after 60 or censored)
set.seed(107)
d <- data.frame(time = c(runif(10, 61, 100), runif(10, 5, 59)), status = c(rep(1, 10), rep(0, 10)),
                marker = rnorm(20))
d$time <- round(d$time, 1); d$marker2 <- d$marker + rnorm(20); d$group <- as.numeric(d$marker > median(d$marker)) + 1
sets$degenerate_nocases <- d
# degenerate: nobody event-free beyond the horizon
set.seed(108)
d <- data.frame(time = round(runif(15, 1, 59), 1), status = rbinom(15, 1, 0.7), marker = rnorm(15))
d$marker2 <- d$marker + rnorm(15); d$group <- as.numeric(d$marker > median(d$marker)) + 1
sets$degenerate_nocontrols <- d

span_of <- function(n) 0.25 * n^(-0.2)

for (name in names(sets)) {
  d <- sets[[name]]
  # 17 significant digits so Java reads exactly the doubles R used
  txt <- as.data.frame(lapply(d, function(v) sprintf("%.17g", v)))
  write.csv(txt, file.path(out_roc, paste0(name, ".csv")), row.names = FALSE, quote = FALSE)
  n <- nrow(d)
  ## ---- timeROC
  tr <- timeROC(T = d$time, delta = d$status, marker = d$marker, cause = 1,
                weighting = "marginal", times = horizon, iid = TRUE)
  tr2 <- timeROC(T = d$time, delta = d$status, marker = d$marker2, cause = 1,
                 weighting = "marginal", times = horizon, iid = TRUE)
  auc <- unname(tr$AUC[2]); se <- unname(tr$inference$vect_sd_1[2])
  z <- qnorm(0.975)
  cmp <- if (!is.na(auc) && !is.na(tr2$AUC[2])) unname(compare(tr, tr2)$p_values_AUC[2]) else NA
  roc <- list(
    name = name, horizon = horizon, n = n,
    auc = auc, se = se, ci_lower = auc - z * se, ci_upper = auc + z * se,
    cases = unname(tr$Stats[2, 1]), survivors = unname(tr$Stats[2, 2]), censored = unname(tr$Stats[2, 3]),
    cumulative_incidence = unname(tr$CumulativeIncidence[2]), surv_prob = unname(tr$survProb[2]),
    tp = vec(tr$TP[, 2]), fp = vec(tr$FP[, 2]),
    iid = vec(if (is.na(auc)) rep(NA, n) else tr$inference$mat_iid_rep_1[, 2]),
    auc2 = unname(tr2$AUC[2]), se2 = unname(tr2$inference$vect_sd_1[2]), compare_p = cmp)
  ## ---- survivalROC (KM and NNE)
  # survivalROC fails (NNE: error) or returns NaN (KM) when nobody has an event by the horizon;
  # we record R's error message / NaN and the Java side throws (see the tests).
  run_sr <- function(...) tryCatch(survivalROC(Stime = d$time, status = d$status, marker = d$marker,
                                               predict.time = horizon, ...),
                                   error = function(e) list(error = conditionMessage(e)))
  yd <- function(s) if (all(is.na(s$TP - s$FP))) NA else s$cut.values[which.max(s$TP - s$FP)]
  pack <- function(s) if (!is.null(s$error)) list(error = gsub("[\"\n]", " ", s$error)) else
    list(cut_values = vec(s$cut.values), tp = vec(s$TP), fp = vec(s$FP),
         auc = s$AUC, survival = s$Survival, youden_cutoff = yd(s))
  span <- span_of(n)
  sr <- run_sr(method = "KM")
  sn <- run_sr(method = "NNE", span = span)
  roc$survivalroc_km <- pack(sr)
  roc$survivalroc_nne <- c(list(span = span), pack(sn))
  writeLines(to_json(roc), file.path(out_roc, paste0(name, ".json")))

  ## ---- survival: KM (log CI, Greenwood), median, numbers at risk, log-rank, concordance
  f <- survfit(Surv(time, status) ~ 1, data = d, conf.type = "log")
  q <- quantile(f, probs = 0.5)
  at <- c(0, 12, 24, 36, 48, 60, 72, 84, 96, 120, 150)
  s <- summary(f, times = at, extend = TRUE)
  km <- list(time = vec(f$time), n_risk = vec(f$n.risk), n_event = vec(f$n.event), n_censor = vec(f$n.censor),
             surv = vec(f$surv), std_err = vec(f$std.err), lower = vec(f$lower), upper = vec(f$upper),
             median = unname(q$quantile), median_lower = unname(q$lower), median_upper = unname(q$upper),
             at_times = vec(at), at_n_risk = vec(s$n.risk), at_surv = vec(s$surv))
  lr <- function(g) {
    sd <- survdiff(Surv(d$time, d$status) ~ g, rho = 0)
    df <- sum(sd$exp > 0) - 1
    list(chisq = sd$chisq, df = df, p = sd$pvalue, obs = vec(sd$obs), exp = vec(sd$exp))
  }
  g3 <- if (length(unique(d$marker)) <= 4) d$marker else cut(d$marker, quantile(d$marker, c(0, 1/3, 2/3, 1)),
                                                             include.lowest = TRUE, labels = FALSE)
  cc <- concordance(Surv(time, status) ~ marker, data = d)
  ccr <- concordance(Surv(time, status) ~ marker, data = d, reverse = TRUE)
  surv <- list(name = name, km = km, logrank_2 = lr(d$group), groups_3 = vec(g3), logrank_3 = lr(g3),
               concordance = list(c = unname(cc$concordance), var = unname(cc$var), count = vec(cc$count)),
               concordance_reverse = list(c = unname(ccr$concordance), var = unname(ccr$var),
                                          count = vec(ccr$count)))
  writeLines(to_json(surv), file.path(out_surv, paste0(name, ".json")))
  cat(name, "n=", n, "auc=", auc, "se=", se, "cases=", tr$Stats[2, 1], "km auc=", sr$AUC, "\n")
}
