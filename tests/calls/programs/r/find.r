find <- function(xs, target) {
    hits <- which(unlist(xs) == target)
    if (length(hits) == 0) NULL else hits[[1]] - 1L
}
