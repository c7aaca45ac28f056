use strict;
use warnings;

sub add {
    my ($a, $b) = @_;
    return $a + $b;
}
