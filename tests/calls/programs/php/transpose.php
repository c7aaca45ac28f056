<?php
function transpose(array $grid): array {
    $out = [];
    foreach ($grid as $i => $row) {
        foreach ($row as $j => $value) {
            $out[$j][$i] = $value;
        }
    }
    return $out;
}
