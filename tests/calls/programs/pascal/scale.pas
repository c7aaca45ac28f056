{$mode objfpc}{$H+}
type
  TDoubles = array of Double;

{ Each item times k. }
function Scale(const xs: array of Double; k: Double): TDoubles;
var
  i: Integer;
begin
  SetLength(Result, Length(xs));
  for i := 0 to High(xs) do
    Result[i] := xs[i] * k;
end;
