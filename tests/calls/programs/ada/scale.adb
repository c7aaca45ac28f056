--  LeetCode style: a package holding the array type and the function.
package Solution is
   type Float_Array is array (Positive range <>) of Long_Float;

   function Scale (Xs : Float_Array; K : Long_Float) return Float_Array;
end Solution;

package body Solution is
   function Scale (Xs : Float_Array; K : Long_Float) return Float_Array is
      Result : Float_Array (Xs'Range);
   begin
      for I in Xs'Range loop
         Result (I) := Xs (I) * K;
      end loop;
      return Result;
   end Scale;
end Solution;
