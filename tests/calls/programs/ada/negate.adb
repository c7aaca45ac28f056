--  An expression function.
function Negate (B : Boolean) return Boolean is (not B);
