package Solution;
use strict;
use warnings;

sub tally {
    my ($self, $words) = @_;
    my %count;
    $count{$_}++ for @$words;
    return \%count;
}

1;
