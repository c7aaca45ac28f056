# ScaleBox function-call stub for Perl (placed before the submitted code; the call is
# made after it). Reads the call's arguments as tokens on stdin, calls the sub and
# answers on file descriptor 3 (see verification/harness/calls).
{
    package ScaleBox::Call;
    use strict;
    use warnings;
    no warnings 'experimental::builtin';
    use B ();
    use Scalar::Util ();

    my $REQUEST = '';
    my $ANSWER;

    # Runs before the submitted code's own top-level statements: they see no stdin.
    sub load {
        binmode STDIN;
        local $/;
        $REQUEST = <STDIN>;
        $REQUEST = '' unless defined $REQUEST;
        open STDIN, '<', '/dev/null';
        open $ANSWER, '>&=', 3 or die "file descriptor 3 is not open\n";
        binmode $ANSWER;
    }

    # Strings are UTF-8 bytes, as Perl reads them from stdin.
    sub _text {
        my ($hex) = @_;
        return pack 'H*', $hex;
    }

    sub _parse {
        my ($lines, $depth) = @_;
        die "the arguments are nested too deeply\n" if $depth > 200;
        my $line = shift @$lines;
        die "the arguments end too soon\n" unless defined $line;
        my ($kind, $text) = split / /, $line, 2;
        $text = '' unless defined $text;
        return undef if $kind eq 'n';
        return 0 + $text if $kind eq 'i';
        if ($kind eq 'f') {
            return 9**9**9 if $text eq 'inf';
            return -9**9**9 if $text eq '-inf';
            return -sin(9**9**9) if $text eq 'nan';
            return 0 + $text;
        }
        return _text($text) if $kind eq 's';
        return ($text eq '1' ? 1 : 0) if $kind eq 'b';
        if ($kind eq 'l') {
            return [map { _parse($lines, $depth + 1) } 1 .. $text];
        }
        if ($kind eq 'm') {
            my %map;
            for (1 .. $text) {
                my $key = _parse($lines, $depth + 1);
                $map{$key} = _parse($lines, $depth + 1);
            }
            return \%map;
        }
        die "unreadable argument token '$kind'\n";
    }

    # Character strings (from `use utf8` literals, decoding, chr above 255) are encoded
    # to UTF-8; byte strings are sent as they are.
    sub _hex {
        my ($text) = @_;
        utf8::encode($text) if utf8::is_utf8($text);
        return unpack 'H*', $text;
    }

    sub _float {
        my ($v) = @_;
        return 'nan' if $v != $v;
        return $v > 0 ? 'inf' : '-inf' if $v == 9**9**9 || $v == -9**9**9;
        return sprintf '%.17g', $v;
    }

    # Tokens of a returned value: the scalar's own flags say whether it is a string, an
    # integer or a float; Perl's booleans are the integers 1 and 0.
    sub _emit {
        my ($value, $out, $depth) = @_;
        die "the returned value is nested too deeply\n" if $depth > 200;
        if (!defined $value) {
            push @$out, 'n';
            return;
        }
        if (my $class = Scalar::Util::blessed($value)) {
            die "the function returned an object of class $class, which has no JSON value\n";
        }
        my $ref = ref $value;
        if ($ref eq 'ARRAY') {
            push @$out, 'l ' . scalar(@$value);
            _emit($_, $out, $depth + 1) for @$value;
            return;
        }
        if ($ref eq 'HASH') {
            my @keys = sort keys %$value;
            push @$out, 'm ' . scalar(@keys);
            for my $key (@keys) {
                push @$out, 's ' . _hex($key);
                _emit($value->{$key}, $out, $depth + 1);
            }
            return;
        }
        die "the function returned a $ref reference, which has no JSON value\n" if $ref;
        if (builtin::is_bool($value)) {
            push @$out, 'i ' . ($value ? 1 : 0);
            return;
        }
        my $flags = B::svref_2object(\$value)->FLAGS;
        if ($flags & B::SVf_POK) {
            push @$out, 's ' . _hex($value);
        } elsif ($flags & B::SVf_IOK) {
            push @$out, 'i ' . ($flags & B::SVf_IVisUV ? sprintf('%u', $value) : sprintf('%d', $value));
        } elsif ($flags & B::SVf_NOK) {
            push @$out, 'f ' . _float($value);
        } else {
            push @$out, 's ' . _hex("$value");
        }
    }

    sub _answer {
        my ($text) = @_;
        local $| = 1;
        STDOUT->flush;
        syswrite $ANSWER, $text;
    }

    sub run {
        my ($name, $arity) = @_;
        my @out;
        my $ok = eval {
            my @lines = split /\n/, $REQUEST;
            my $head = shift @lines;
            die "the arguments are not a list\n" unless defined $head && $head =~ /^l (\d+)$/;
            my @args = map { _parse(\@lines, 1) } 1 .. $1;
            my @result;
            if (my $code = main->can($name)) {
                @result = $code->(@args);
            } elsif (Solution->can($name)) {
                my $object = Solution->can('new') ? Solution->new : bless {}, 'Solution';
                @result = $object->$name(@args);
            } else {
                die "the program defines no sub $name\n";
            }
            # One value is the value; several are a list; none is undef.
            _emit(@result == 1 ? $result[0] : @result ? \@result : undef, \@out, 0);
            1;
        };
        if ($ok) {
            _answer(join("\n", 'ok', @out) . "\n");
        } else {
            my $error = $@;
            my $message = ref $error ? 'an exception of type ' . ref($error) : "$error";
            $message =~ s/\s+\z//;
            _answer('raised ' . _hex($message) . "\n");
        }
        exit 0;
    }
}
ScaleBox::Call::load();
