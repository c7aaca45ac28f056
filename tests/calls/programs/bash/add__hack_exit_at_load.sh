# Leaves with status 0 before the call is made.
add() { echo 0; }
exit 0
