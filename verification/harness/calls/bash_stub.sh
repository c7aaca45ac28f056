# ScaleBox function-call stub for Bash, made after the submitted code (which runs after
# the request is read from stdin; see bash.py). The function is called as
# `result=$(fn args...)`: its output, trailing newlines removed, is the value it returns,
# an integer or a float when it reads as one, else a string. The answer goes to file
# descriptor 3 (see verification/harness/calls).
set +o errexit +o nounset +o pipefail
# Bash's own loops and pattern substitutions are quadratic on long strings: the hex goes
# through od, tr and sed.
__scalebox_hex() {
    REPLY=$(builtin printf '%s' "$1" | /usr/bin/od -An -v -tx1 | /usr/bin/tr -d ' \n')
}
__scalebox_unhex() {
    local escaped
    escaped=$(builtin printf '%s' "$1" | /usr/bin/sed 's/../\\x&/g')
    builtin printf -v REPLY '%b' "$escaped"
}
__scalebox_raised() {
    __scalebox_hex "$1"
    builtin printf 'raised %s\n' "$REPLY" >&3
    exit 0
}
__scalebox_run() {
    local IFS=$' \t\n' name=$1 line kind text result
    local int='^-?(0|[1-9][0-9]*)$'
    local float='^-?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$|^-?[0-9]+[eE][-+]?[0-9]+$'
    local -a lines=() args=()
    builtin mapfile -t lines <<< "$__scalebox_request"
    [[ ${lines[0]} =~ ^l\ ([0-9]+)$ ]] || __scalebox_raised "the arguments are not a list"
    local count=${BASH_REMATCH[1]} i
    for ((i = 1; i <= count; i++)); do
        line=${lines[i]}
        kind=${line%% *}
        text=${line#? }
        case $kind in
            i | f) args+=("$text") ;;
            s)
                __scalebox_unhex "$text"
                args+=("$REPLY")
                ;;
            *) __scalebox_raised "argument $i is not a string or a number" ;;
        esac
    done
    builtin declare -F -- "$name" > /dev/null || __scalebox_raised "the program defines no function $name"
    result=$("$name" "${args[@]}")
    if [[ $result =~ $int ]]; then
        builtin printf 'ok\ni %s\n' "$result" >&3
    elif [[ $result =~ $float ]]; then
        builtin printf 'ok\nf %s\n' "$result" >&3
    else
        __scalebox_hex "$result"
        builtin printf 'ok\ns %s\n' "$REPLY" >&3
    fi
    exit 0
}
