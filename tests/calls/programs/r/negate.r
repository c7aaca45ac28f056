Solution <- setRefClass("Solution", methods = list(
    negate = function(b) {
        cat("negating", b, "\n")
        !b
    }
))
