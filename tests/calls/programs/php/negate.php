<?php

namespace Solutions;

class Solution
{
    public static function negate(bool $b): bool
    {
        return !$b;
    }
}
