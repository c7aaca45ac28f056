# Prints on stdout while it works.
proc add {a b} {
    puts "adding $a and $b"
    return [expr {$a + $b}]
}
