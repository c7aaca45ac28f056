<?php
class Solution {
    /**
     * @param String $s
     * @return String
     */
    function shout($s) {
        echo "shouting ", strlen($s), " bytes\n";
        return $s . "!";
    }
}
?>
