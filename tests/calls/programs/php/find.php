<?php
function find(array $xs, int $target): ?int {
    $i = array_search($target, $xs, true);
    return $i === false ? null : $i;
}
