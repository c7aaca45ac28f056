<?php
function mixed(int $n, string $s): array {
    return [$n, $s, true, null, 1.5];
}
