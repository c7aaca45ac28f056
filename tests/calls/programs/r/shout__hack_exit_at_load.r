# Leaves with status 0 before any call.
quit(save = "no", status = 0)
shout <- function(s) s
