# Leaves with status 0 before the call is made.
sub add { return 0; }
exit 0;
