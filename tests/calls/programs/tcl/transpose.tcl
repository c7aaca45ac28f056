proc transpose {grid} {
    set columns [list]
    for {set c 0} {$c < [llength [lindex $grid 0]]} {incr c} {
        set column [list]
        foreach row $grid { lappend column [lindex $row $c] }
        lappend columns $column
    }
    return $columns
}
