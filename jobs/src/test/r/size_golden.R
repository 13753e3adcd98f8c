# Golden values for org.deltarad.analysis.SizeStage on data-samples/clinical.csv: the paper's
# tumour-size statistics (Results, "Patient demographics").
# Run from the repository root:  Rscript jobs/src/test/r/size_golden.R
# Needs: R (4.2.2 here, Debian r-base-core) and jsonlite (Debian r-cran-jsonlite). Deterministic.
suppressPackageStartupMessages(library(jsonlite))
cl <- read.csv("data-samples/clinical.csv")
pre <- cl$max_diameter_cm
mid <- cl$mid_diameter_cm
prog <- cl$progression == 1
shrink <- (pre - mid) / pre
q <- function(v) unname(quantile(v, c(0.25, 0.5, 0.75), type = 7))
test <- function(t) list(statistic = unname(t$statistic), p = t$p.value,
                         estimate = unname(t$estimate), ci = as.numeric(t$conf.int))
# mid vs pre, as wilcox.test(x = mid, y = pre, paired = TRUE): ties and zeros -> normal
# approximation with continuity correction, as R warns
sr <- suppressWarnings(wilcox.test(mid, pre, paired = TRUE, conf.int = TRUE))
mw <- function(v) c(test(suppressWarnings(wilcox.test(v[prog], v[!prog], conf.int = TRUE))),
                    list(q_a = q(v[prog]), q_b = q(v[!prog]), n_a = sum(prog), n_b = sum(!prog)))
resp <- shrink >= 0.30
ft <- fisher.test(matrix(c(sum(resp & prog), sum(!resp & prog), sum(resp & !prog),
                           sum(!resp & !prog)), 2))
out <- list(
  source = "data-samples/clinical.csv", r_version = R.version.string,
  signed_rank = c(test(sr), list(n = length(pre), q_mid = q(mid), q_pre = q(pre))),
  pre_diameter = mw(pre), mid_diameter = mw(mid), shrinkage = mw(shrink),
  response = list(threshold = 0.30, count_a = sum(resp & prog), count_b = sum(resp & !prog),
                  n_a = sum(prog), n_b = sum(!prog), p = ft$p.value,
                  estimate = unname(ft$estimate), ci = as.numeric(ft$conf.int)))
writeLines(toJSON(out, digits = I(17), auto_unbox = TRUE, pretty = TRUE),
           "jobs/src/test/resources/golden/size/data_samples.json")
