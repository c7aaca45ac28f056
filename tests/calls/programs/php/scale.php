<?php
declare(strict_types=1);

function scale(array $xs, float $k): array
{
    return array_map(fn (float $x): float => $x * $k, $xs);
}
