<?php
class Solution {
    /**
     * @param Integer[][] $grid
     * @return Integer[][]
     */
    function transpose(&$grid) {
        $out = [];
        foreach ($grid as $i => $row) {
            foreach ($row as $j => $value) {
                $out[$j][$i] = $value;
            }
        }
        return $out;
    }
}
