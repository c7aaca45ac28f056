Solution <- function() {
    list(mixed = function(n, s) list(n, s, TRUE, NULL, 1.5))
}
