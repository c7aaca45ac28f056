use strict;
use warnings;

sub transpose {
    my ($grid) = @_;
    my @out;
    for my $r (0 .. $#$grid) {
        for my $c (0 .. $#{ $grid->[$r] }) {
            $out[$c][$r] = $grid->[$r][$c];
        }
    }
    return \@out;
}
