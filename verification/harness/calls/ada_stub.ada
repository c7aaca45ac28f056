--  ScaleBox function-call stub for Ada (a library package before the solver's main
--  procedure). Reads the call's arguments as tokens on stdin, converts them to the
--  parameters' types (the generics below, instantiated for the function's types) and
--  answers on file descriptor 3 (see verification/harness/calls).
with Ada.Strings.Unbounded;

package Scalebox_Calls is
   Failure : exception;

   procedure Fail (Message : String) with No_Return;

   --  The count of a list token (``l <n>``).
   function List (What : String) return Natural;
   function Int (What : String) return Long_Long_Integer;
   function Real (What : String) return Long_Float;
   function Bool (What : String) return Boolean;
   function Str (What : String) return String;
   function Char (What : String) return Character;
   function Unbounded (What : String) return Ada.Strings.Unbounded.Unbounded_String;

   procedure Put_List (Count : Natural);
   procedure Put_Int (Image : String);
   procedure Put_Real (X : Long_Float);
   procedure Put_Bool (X : Boolean);
   procedure Put_Str (S : String);
   procedure Put_Char (C : Character);
   procedure Put_Unbounded (S : Ada.Strings.Unbounded.Unbounded_String);

   --  Sends ``ok`` and the value written, or ``raised`` and the message; both end the run.
   procedure Done with No_Return;
   procedure Raised (Message : String) with No_Return;

   generic
      type T is range <>;
   function Read_Signed (What : String) return T;

   generic
      type T is range <>;
   procedure Write_Signed (X : T);

   generic
      type T is digits <>;
   function Read_Float (What : String) return T;

   generic
      type T is digits <>;
   procedure Write_Float (X : T);

   --  Boolean and the types derived from it.
   generic
      type T is (<>);
   function Read_Boolean (What : String) return T;

   generic
      type T is (<>);
   procedure Write_Boolean (X : T);

   generic
      type Index is range <>;
      type Element is private;
      type Vector is array (Index range <>) of Element;
      with function Read (What : String) return Element;
   function Read_Array (What : String) return Vector;

   generic
      type Index is range <>;
      type Element is private;
      type Vector is array (Index range <>) of Element;
      with procedure Write (X : Element);
   procedure Write_Array (X : Vector);

   generic
      type Index_1 is range <>;
      type Index_2 is range <>;
      type Element is private;
      type Matrix is array (Index_1 range <>, Index_2 range <>) of Element;
      with function Read (What : String) return Element;
   function Read_Matrix (What : String) return Matrix;

   generic
      type Index_1 is range <>;
      type Index_2 is range <>;
      type Element is private;
      type Matrix is array (Index_1 range <>, Index_2 range <>) of Element;
      with procedure Write (X : Element);
   procedure Write_Matrix (X : Matrix);
end Scalebox_Calls;

with Ada.Long_Float_Text_IO;
with Ada.Strings.Fixed;
with Ada.Text_IO;
with GNAT.OS_Lib;
with Interfaces.C;
with System;

package body Scalebox_Calls is
   use Ada.Strings.Unbounded;

   Output : Unbounded_String;
   Hex_Digits : constant String := "0123456789abcdef";

   procedure Fail (Message : String) is
   begin
      raise Failure with Message;
   end Fail;

   procedure Send (Text : String) with No_Return;

   procedure Send (Text : String) is
      Written : Integer;
      At_Byte : Natural := Text'First;
   begin
      Ada.Text_IO.Flush (Ada.Text_IO.Standard_Output);
      while At_Byte <= Text'Last loop
         Written :=
           GNAT.OS_Lib.Write (3, Text (At_Byte)'Address, Text'Last - At_Byte + 1);
         exit when Written <= 0;
         At_Byte := At_Byte + Written;
      end loop;
      GNAT.OS_Lib.OS_Exit (0);
      raise Program_Error with "the run did not end";
   end Send;

   function Hex (Text : String) return String is
      Result : String (1 .. 2 * Text'Length);
      Code : Natural;
   begin
      for I in 0 .. Text'Length - 1 loop
         Code := Character'Pos (Text (Text'First + I));
         Result (2 * I + 1) := Hex_Digits (Code / 16 + 1);
         Result (2 * I + 2) := Hex_Digits (Code mod 16 + 1);
      end loop;
      return Result;
   end Hex;

   procedure Done is
   begin
      Send ("ok" & ASCII.LF & To_String (Output));
   end Done;

   procedure Raised (Message : String) is
   begin
      Send ("raised " & Hex (Message) & ASCII.LF);
   end Raised;

   --  The next token: its kind checked, its text (after ``<kind> ``) returned.
   function Next (What : String; Kind : Character; Name : String) return String is
   begin
      if Ada.Text_IO.End_Of_File (Ada.Text_IO.Standard_Input) then
         Fail (What & ": the arguments end too soon");
      end if;
      declare
         Line : constant String := Ada.Text_IO.Get_Line (Ada.Text_IO.Standard_Input);
      begin
         if Line'Length = 0 or else Line (Line'First) /= Kind then
            Fail (What & ": expected " & Name);
         end if;
         return Line (Line'First + 2 .. Line'Last);
      end;
   end Next;

   function List (What : String) return Natural is
      Text : constant String := Next (What, 'l', "a list");
   begin
      return Natural'Value (Text);
   end List;

   function Int (What : String) return Long_Long_Integer is
      Text : constant String := Next (What, 'i', "an integer");
   begin
      return Long_Long_Integer'Value (Text);
   exception
      when Constraint_Error =>
         Fail (What & ": " & Text & " does not fit in 64 bits");
   end Int;

   function Strtod (Text : Interfaces.C.char_array; Last : System.Address)
      return Interfaces.C.double
   with Import, Convention => C, External_Name => "strtod";

   function Real (What : String) return Long_Float is
      Kind : Character := 'f';
   begin
      --  An integer stands for a float too.
      if not Ada.Text_IO.End_Of_File (Ada.Text_IO.Standard_Input) then
         declare
            Ahead : Character;
            At_End : Boolean;
         begin
            Ada.Text_IO.Look_Ahead (Ada.Text_IO.Standard_Input, Ahead, At_End);
            if not At_End and then Ahead = 'i' then
               Kind := 'i';
            end if;
         end;
      end if;
      declare
         Text : constant String := Next (What, Kind, "a number");
      begin
         return Long_Float (Strtod (Interfaces.C.To_C (Text), System.Null_Address));
      end;
   end Real;

   function Bool (What : String) return Boolean is
   begin
      return Next (What, 'b', "a boolean") = "1";
   end Bool;

   function Str (What : String) return String is
      Text : constant String := Next (What, 's', "a string");
      Result : String (1 .. Text'Length / 2);

      function Digit (C : Character) return Natural is
        (Ada.Strings.Fixed.Index (Hex_Digits, (1 => C)) - 1);
   begin
      for I in Result'Range loop
         Result (I) :=
           Character'Val
             (16 * Digit (Text (Text'First + 2 * I - 2)) + Digit (Text (Text'First + 2 * I - 1)));
      end loop;
      return Result;
   end Str;

   function Char (What : String) return Character is
      Text : constant String := Str (What);
   begin
      if Text'Length /= 1 then
         Fail (What & ": a Character takes a string of one byte");
      end if;
      return Text (Text'First);
   end Char;

   function Unbounded (What : String) return Unbounded_String is
     (To_Unbounded_String (Str (What)));

   procedure Put (Line : String) is
   begin
      Append (Output, Line & ASCII.LF);
   end Put;

   procedure Put_List (Count : Natural) is
   begin
      Put ("l" & Natural'Image (Count));
   end Put_List;

   procedure Put_Int (Image : String) is
   begin
      Put ("i " & Ada.Strings.Fixed.Trim (Image, Ada.Strings.Both));
   end Put_Int;

   procedure Put_Real (X : Long_Float) is
      Image : String (1 .. 40);
   begin
      if X /= X then
         Put ("f nan");
      elsif X > Long_Float'Last then
         Put ("f inf");
      elsif X < -Long_Float'Last then
         Put ("f -inf");
      else
         --  17 significant digits: the double itself.
         Ada.Long_Float_Text_IO.Put (Image, X, Aft => 16, Exp => 4);
         Put ("f " & Ada.Strings.Fixed.Trim (Image, Ada.Strings.Both));
      end if;
   end Put_Real;

   procedure Put_Bool (X : Boolean) is
   begin
      Put (if X then "b 1" else "b 0");
   end Put_Bool;

   procedure Put_Str (S : String) is
   begin
      Put ("s " & Hex (S));
   end Put_Str;

   procedure Put_Char (C : Character) is
   begin
      Put_Str ((1 => C));
   end Put_Char;

   procedure Put_Unbounded (S : Unbounded_String) is
   begin
      Put_Str (To_String (S));
   end Put_Unbounded;

   function Read_Signed (What : String) return T is
      Value : constant Long_Long_Integer := Int (What);
   begin
      return T (Value);
   exception
      when Constraint_Error =>
         Fail
           (What & ": " & Ada.Strings.Fixed.Trim (Value'Image, Ada.Strings.Both)
            & " is out of range for the parameter's type");
   end Read_Signed;

   procedure Write_Signed (X : T) is
   begin
      Put_Int (T'Image (X));
   end Write_Signed;

   function Read_Float (What : String) return T is
      Value : constant Long_Float := Real (What);
   begin
      return T (Value);
   exception
      when Constraint_Error =>
         Fail (What & ": " & Value'Image & " is out of range for the parameter's type");
   end Read_Float;

   procedure Write_Float (X : T) is
   begin
      Put_Real (Long_Float (X));
   end Write_Float;

   function Read_Boolean (What : String) return T is
     (T'Val (Boolean'Pos (Bool (What))));

   procedure Write_Boolean (X : T) is
   begin
      Put_Bool (T'Pos (X) /= 0);
   end Write_Boolean;

   --  The index Count - 1 places after First (First - 1 for an empty array).
   generic
      type Index is range <>;
   function Last_Index (Count : Natural) return Index'Base;

   function Last_Index (Count : Natural) return Index'Base is
   begin
      return Index'Base (Long_Long_Integer (Index'First) + Long_Long_Integer (Count) - 1);
   exception
      when Constraint_Error =>
         Fail ("a list of" & Count'Image & " items is too long for the array's index type");
   end Last_Index;

   function Read_Array (What : String) return Vector is
      function Last is new Last_Index (Index);
      Count : constant Natural := List (What);
   begin
      return Result : Vector (Index'First .. Last (Count)) do
         for I in Result'Range loop
            Result (I) := Read (What);
         end loop;
      end return;
   end Read_Array;

   procedure Write_Array (X : Vector) is
   begin
      Put_List (X'Length);
      for I in X'Range loop
         Write (X (I));
      end loop;
   end Write_Array;

   function Read_Matrix (What : String) return Matrix is
      function Last_1 is new Last_Index (Index_1);
      function Last_2 is new Last_Index (Index_2);
      Rows : constant Natural := List (What);
      Columns : constant Natural := (if Rows = 0 then 0 else List (What));
   begin
      return Result : Matrix (Index_1'First .. Last_1 (Rows), Index_2'First .. Last_2 (Columns))
      do
         for I in Result'Range (1) loop
            if I /= Result'First (1) and then List (What) /= Columns then
               Fail (What & ": the rows of a 2-D array differ in length");
            end if;
            for J in Result'Range (2) loop
               Result (I, J) := Read (What);
            end loop;
         end loop;
      end return;
   end Read_Matrix;

   procedure Write_Matrix (X : Matrix) is
   begin
      Put_List (X'Length (1));
      for I in X'Range (1) loop
         Put_List (X'Length (2));
         for J in X'Range (2) loop
            Write (X (I, J));
         end loop;
      end loop;
   end Write_Matrix;
end Scalebox_Calls;
