function negate(b: Boolean): Boolean;
begin
  negate := not b;
end;
