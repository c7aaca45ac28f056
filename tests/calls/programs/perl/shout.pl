# Debug output on stdout does not disturb the answer.
print "loading\n";

sub shout {
    my ($s) = @_;
    print "shout called with ", length($s), " characters\n";
    return $s . '!';
}

print "loaded\n";
__END__
Anything after __END__ is not code.
