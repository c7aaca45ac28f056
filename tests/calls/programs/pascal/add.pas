program Adder;

function add(a, b: Int64): Int64;
begin
  add := a + b;
end;

begin
  writeln(add(2, 3));
end.
