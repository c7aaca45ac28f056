program Transposer;
{$mode delphi}

type
  TMatrix = array of array of Int64;

function transpose(grid: TMatrix): TMatrix;
var
  i, j: Integer;
begin
  SetLength(Result, Length(grid[0]), Length(grid));
  for i := 0 to High(grid) do
    for j := 0 to High(grid[i]) do
      Result[j, i] := grid[i, j];
end;

var
  m: TMatrix;
begin
  SetLength(m, 1, 1);
  m[0, 0] := 1;
  writeln(Length(transpose(m)));
end.
