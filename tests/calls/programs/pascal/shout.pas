program Shouter;
{$mode objfpc}{$H+}
uses
  SysUtils;

function shout(const s: AnsiString): AnsiString;
begin
  writeln('shouting ', Length(s), ' bytes');
  Result := s + '!';
end;

begin
  writeln(shout('test'));
end.
