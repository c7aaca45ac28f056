sub find {
    my ($xs, $target) = @_;
    for my $i (0 .. $#$xs) {
        return $i if $xs->[$i] == $target;
    }
    return undef;
}
