--  A function at the top; its debug output goes to standard output. The program's own
--  main procedure, which reads two numbers, never runs.
with Ada.Text_IO;

function Add (A, B : Long_Long_Integer) return Long_Long_Integer is
begin
   Ada.Text_IO.Put_Line ("adding" & A'Image & " and" & B'Image);
   return A + B;
end Add;

with Ada.Text_IO; use Ada.Text_IO;
with Ada.Long_Long_Integer_Text_IO; use Ada.Long_Long_Integer_Text_IO;
with Add;

procedure Main is
   A, B : Long_Long_Integer;
begin
   Get (A);
   Get (B);
   Put (Add (A, B), Width => 0);
   New_Line;
end Main;
