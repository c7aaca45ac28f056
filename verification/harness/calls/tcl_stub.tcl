# ScaleBox function-call stub for Tcl: the body of the namespace ::scalebox_call, run
# before the submitted code. Reads the call's arguments as tokens on stdin; ::scalebox_call::run
# (after the submitted code) calls the function and answers on file descriptor 3 (see
# verification/harness/calls).

# Read before the program's own code runs, so nothing it does at load time takes it.
fconfigure stdin -translation binary
variable lines [split [read stdin] "\n"]
variable pos 0

proc fail {message} {
    return -code error -errorcode {SCALEBOX} $message
}

proc unhex {text} {
    return [encoding convertfrom utf-8 [binary decode hex $text]]
}

proc hex {text} {
    return [binary encode hex [encoding convertto utf-8 $text]]
}

# Integers and floats as their decimal text, strings as they are, lists as lists, objects
# as dicts (built as such, so that their representation says so).
proc read_value {} {
    variable lines
    variable pos
    if {$pos >= [llength $lines]} { fail "the arguments end too soon" }
    set line [lindex $lines $pos]
    incr pos
    set text [string range $line 2 end]
    switch -- [string index $line 0] {
        n { fail "Tcl has no null" }
        b { return [expr {$text eq "1" ? 1 : 0}] }
        i { return $text }
        f {
            switch -- $text {
                nan { return NaN }
                inf { return Inf }
                -inf { return -Inf }
            }
            return $text
        }
        s { return [unhex $text] }
        l {
            set items [list]
            for {set k 0} {$k < $text} {incr k} { lappend items [read_value] }
            return $items
        }
        m {
            set table [dict create]
            for {set k 0} {$k < $text} {incr k} {
                set key [read_value]
                dict set table $key [read_value]
            }
            return $table
        }
    }
    fail "unreadable argument token \"$line\""
}

# What the value's internal representation is: list, dict, int, double, pure string, ...
proc kind {value} {
    regexp {^value is an? (.+?) with a refcount} [::tcl::unsupported::representation $value] -> what
    return $what
}

# The returned value as tokens: a value built as a list is a list, one built as a dict an
# object; any other value is an integer or a float when its text reads as one, else a
# string. An empty value is the empty string (empty literals are shared, whatever built
# them).
proc emit {value depth} {
    if {$depth > 100} { fail "the returned value is nested too deeply" }
    set what [kind $value]
    if {$what eq "list" && [llength $value]} {
        set out "l [llength $value]\n"
        foreach item $value { append out [emit $item [expr {$depth + 1}]] }
        return $out
    }
    if {$what eq "dict" && [dict size $value]} {
        set out "m [dict size $value]\n"
        dict for {key item} $value {
            append out "s [hex $key]\n" [emit $item [expr {$depth + 1}]]
        }
        return $out
    }
    if {[regexp {^-?(0|[1-9][0-9]*)$} $value]} { return "i $value\n" }
    if {[regexp {^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$} $value]} { return "f $value\n" }
    switch -- $value {
        Inf { return "f inf\n" }
        -Inf { return "f -inf\n" }
        NaN { return "f nan\n" }
    }
    return "s [hex $value]\n"
}

proc target {fn_name arity} {
    if {[llength [info procs ::$fn_name]]} {
        set params [info args ::$fn_name]
        if {[llength $params] != $arity && [lindex $params end] ne "args"} {
            fail "$fn_name takes [llength $params] arguments, not $arity"
        }
        return [list ::$fn_name]
    }
    if {[llength [info commands ::Solution]] && [info object isa class ::Solution]} {
        if {$fn_name ni [info class methods ::Solution -all]} {
            fail "Solution has no method $fn_name"
        }
        return [list [::Solution new] $fn_name]
    }
    if {[llength [info commands ::$fn_name]]} { return [list ::$fn_name] }
    fail "the program defines no proc $fn_name"
}

proc run {fn_name arity} {
    variable pos 0
    set code [catch {
        set request [read_value]
        if {[llength $request] != $arity} { fail "expected $arity arguments" }
        set command [target $fn_name $arity]
        set result [uplevel #0 [list {*}$command {*}$request]]
        string cat "ok\n" [emit $result 0]
    } answer]
    if {$code == 1} {
        set answer "raised [hex $answer]\n"
    } elseif {$code != 0} {
        set answer "raised [hex "the function ended with return code $code"]\n"
    }
    set channel [open /dev/fd/3 w]
    fconfigure $channel -translation binary
    puts -nonewline $channel $answer
    close $channel
}
