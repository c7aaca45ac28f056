transpose <- function(grid) {
    m <- do.call(rbind, grid)
    t(m)
}
