# Leaves with status 0 when the program is loaded.
exit 0
proc add {a b} { return 0 }
