--  A 2-D array type: the grid is rectangular.
type Grid is array (Positive range <>, Positive range <>) of Integer;

function Transpose (G : Grid) return Grid is
   Result : Grid (G'Range (2), G'Range (1));
begin
   for I in G'Range (1) loop
      for J in G'Range (2) loop
         Result (J, I) := G (I, J);
      end loop;
   end loop;
   return Result;
end Transpose;
