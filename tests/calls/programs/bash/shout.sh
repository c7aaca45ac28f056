#!/bin/bash
# Debug output on stdout (outside the call) does not disturb the answer.
echo "loading"
read -r first_line && echo "stdin gave: $first_line"

function shout {
    local s=$1
    printf '%s!\n' "$s"
}

echo "loaded"
