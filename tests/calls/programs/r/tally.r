tally <- function(words) {
    counts <- setNames(list(), character(0))
    for (w in words) {
        counts[[w]] <- if (is.null(counts[[w]])) 1L else counts[[w]] + 1L
    }
    counts
}
