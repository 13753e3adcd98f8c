# Times cv.glmnet(family = "cox") with leave-one-out folds on a CSV (time, status, covariates).
# Usage: Rscript bench/cvglmnet_time.R data.csv [repeats]
suppressPackageStartupMessages({ library(glmnet); library(survival) })
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
reps <- if (length(args) > 1) as.integer(args[2]) else 1
x <- as.matrix(d[, -(1:2)]); y <- Surv(d$time, d$status); n <- nrow(x)
for (r in seq_len(reps)) {
  t0 <- proc.time()
  cv <- cv.glmnet(x, y, family = "cox", foldid = seq_len(n))
  el <- proc.time() - t0
  cat(sprintf("R    glmnet %s n=%d p=%d ms=%.0f cpu_ms=%.0f lambda.min=%.10g lambda.1se=%.10g n_lambda=%d\n",
              packageVersion("glmnet"), n, ncol(x), 1000 * el[["elapsed"]],
              1000 * (el[["user.self"]] + el[["sys.self"]]), cv$lambda.min, cv$lambda.1se,
              length(cv$lambda)))
}
