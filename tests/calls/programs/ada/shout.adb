--  A whole program: the function lives inside the main procedure, whose statements
--  (reading a line) never run in a function call.
with Ada.Text_IO; use Ada.Text_IO;

procedure Main is
   Bang : constant Character := '!';

   function Shout (S : String) return String is
      Result : constant String := S & Bang;
   begin
      pragma Assert (Result (Result'Last) = '!');
      return Result;
   end Shout;
begin
   declare
      Line : constant String := Get_Line;
   begin
      if Line'Length > 0 then
         Put_Line (Shout (Line));
      end if;
   end;
end Main;
