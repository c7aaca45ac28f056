// ScaleBox function-call stub for PHP (placed after the submitted code, in its namespace).
// Reads the call's arguments as tokens on stdin, converts them to the parameters' declared
// types, calls the function and answers on file descriptor 3 (see verification/harness/calls).
final class ScaleboxRefusal extends \RuntimeException
{
}

final class ScaleboxCall
{
    private const MAX_DEPTH = 100;

    private array $lines;
    private int $pos = 0;

    private function __construct(string $text)
    {
        $this->lines = \explode("\n", $text);
    }

    private function next(int $depth): mixed
    {
        if ($depth > self::MAX_DEPTH) {
            throw new ScaleboxRefusal('the arguments are nested too deeply');
        }
        if ($this->pos >= \count($this->lines)) {
            throw new ScaleboxRefusal('the arguments end too soon');
        }
        $line = $this->lines[$this->pos++];
        $text = (string) \substr($line, 2);
        switch ($line[0] ?? '') {
            case 'n':
                return null;
            case 'b':
                return $text === '1';
            case 'i':
                return (int) $text;
            case 'f':
                return match ($text) {
                    'nan' => \NAN,
                    'inf' => \INF,
                    '-inf' => -\INF,
                    default => (float) $text,
                };
            case 's':
                return (string) \hex2bin($text);
            case 'l':
                $items = [];
                for ($n = (int) $text; $n > 0; $n--) {
                    $items[] = $this->next($depth + 1);
                }
                return $items;
            case 'm':
                $entries = [];
                for ($n = (int) $text; $n > 0; $n--) {
                    $key = $this->next($depth + 1);
                    $entries[$key] = $this->next($depth + 1);
                }
                return $entries;
        }
        throw new ScaleboxRefusal('unreadable argument token ' . \json_encode(\substr($line, 0, 40)));
    }

    /** The argument as the parameter's declared type takes it: whole floats for int, ints for float. */
    private static function convert(mixed $value, ?\ReflectionParameter $param): mixed
    {
        $type = $param?->getType();
        if (!$type instanceof \ReflectionNamedType) {
            return $value;
        }
        $name = $type->getName();
        if ($name === 'float' && \is_int($value)) {
            return (float) $value;
        }
        if ($name === 'int' && \is_float($value) && \is_finite($value) && \floor($value) === $value
            && \abs($value) < 9.2e18) {
            return (int) $value;
        }
        return $value;
    }

    private static function emit(mixed $value, array &$out, int $depth): void
    {
        if ($depth > self::MAX_DEPTH) {
            throw new ScaleboxRefusal('the returned value is nested too deeply');
        }
        if ($value === null) {
            $out[] = 'n';
        } elseif (\is_bool($value)) {
            $out[] = $value ? 'b 1' : 'b 0';
        } elseif (\is_int($value)) {
            $out[] = 'i ' . $value;
        } elseif (\is_float($value)) {
            if (\is_nan($value)) {
                $out[] = 'f nan';
            } elseif (\is_infinite($value)) {
                $out[] = $value > 0 ? 'f inf' : 'f -inf';
            } else {
                $out[] = 'f ' . \sprintf('%.17g', $value);
            }
        } elseif (\is_string($value)) {
            $out[] = 's ' . \bin2hex($value);
        } elseif (\is_array($value)) {
            if (\array_is_list($value)) {
                $out[] = 'l ' . \count($value);
                foreach ($value as $item) {
                    self::emit($item, $out, $depth + 1);
                }
            } else {
                self::emitMap($value, $out, $depth);
            }
        } elseif (\is_object($value) && \get_class($value) === 'stdClass') {
            self::emitMap(\get_object_vars($value), $out, $depth);
        } elseif (\is_object($value)) {
            throw new ScaleboxRefusal('the function returned an object of class ' . \get_class($value)
                . '; return ints, floats, strings, booleans, null or arrays');
        } else {
            throw new ScaleboxRefusal('the function returned a ' . \get_debug_type($value)
                . ', not a value');
        }
    }

    private static function emitMap(array $entries, array &$out, int $depth): void
    {
        $out[] = 'm ' . \count($entries);
        foreach ($entries as $key => $item) {
            $out[] = 's ' . \bin2hex((string) $key);
            self::emit($item, $out, $depth + 1);
        }
    }

    private static function answer(string $text): void
    {
        $reply = \fopen('php://fd/3', 'wb');
        for ($done = 0; $done < \strlen($text); $done += $wrote) {
            $wrote = \fwrite($reply, \substr($text, $done));
            if (!$wrote) {
                break;
            }
        }
        \fclose($reply);
    }

    /** The function to call and its reflection: a method of class Solution or a function. */
    private static function target(string $fnName, string $namespace): array
    {
        $prefix = $namespace === '' ? '' : $namespace . '\\';
        foreach ([$prefix . 'Solution', 'Solution'] as $class) {
            if (\class_exists($class) && \method_exists($class, $fnName)) {
                $method = new \ReflectionMethod($class, $fnName);
                $self = $method->isStatic() ? null : new $class();
                return [fn (array $args) => $method->invokeArgs($self, $args), $method];
            }
        }
        foreach ([$prefix . $fnName, $fnName] as $name) {
            if (\function_exists($name)) {
                $function = new \ReflectionFunction($name);
                return [fn (array $args) => $function->invokeArgs($args), $function];
            }
        }
        throw new ScaleboxRefusal('the program defines no function ' . $fnName
            . ' (nor a method ' . $fnName . ' of a class Solution)');
    }

    public static function run(string $fnName, string $namespace): void
    {
        try {
            $args = (new self((string) \stream_get_contents(\STDIN)))->next(0);
            if (!\is_array($args)) {
                throw new ScaleboxRefusal('the arguments are not a list');
            }
            [$call, $reflection] = self::target($fnName, $namespace);
            $params = $reflection->getParameters();
            // References, for parameters taken by reference (LeetCode's &$nums).
            $refs = [];
            foreach ($args as $i => $arg) {
                $args[$i] = self::convert($arg, $params[$i] ?? null);
                $refs[$i] = &$args[$i];
            }
            $out = ['ok'];
            self::emit($call($refs), $out, 0);
            $text = \implode("\n", $out) . "\n";
        } catch (\Throwable $error) {
            $message = $error instanceof ScaleboxRefusal
                ? $error->getMessage() : \get_class($error) . ': ' . $error->getMessage();
            $text = 'raised ' . \bin2hex($message) . "\n";
        }
        self::answer($text);
        exit(0);
    }
}

