# The peer's shape: a bare function, with an example call left at the top level.
shout <- function(s) {
    return(paste0(s, "!"))
}
print(shout("example"))
