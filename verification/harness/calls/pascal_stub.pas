{ ScaleBox function-call stub for Free Pascal, placed after the submitted program's
  declarations in place of its main block (the program's uses clause gains SysUtils and
  TypInfo). Reads the call's arguments as tokens on stdin, converts each to its
  parameter's type by the type's RTTI, calls the function and answers on file
  descriptor 3 (see verification/harness/calls). It is written for every syntax mode
  (fpc, objfpc, delphi, tp, macpas): no Result, no try, no is. }
var
  ScaleboxLines: array of AnsiString;
  ScaleboxPos: SizeInt;
  ScaleboxOut: AnsiString;

function ScaleboxHex(const Text: RawByteString): AnsiString;
const
  Digits: array[0..15] of AnsiChar = '0123456789abcdef';
var
  I: SizeInt;
  R: AnsiString;
begin
  R := '';
  SetLength(R, 2 * Length(Text));
  for I := 1 to Length(Text) do
  begin
    R[2 * I - 1] := Digits[Ord(Text[I]) shr 4];
    R[2 * I] := Digits[Ord(Text[I]) and 15];
  end;
  ScaleboxHex := R;
end;

function ScaleboxUnhex(const Text: AnsiString): RawByteString;
var
  I, Hi, Lo: SizeInt;
  R: RawByteString;

  function Nibble(C: AnsiChar): SizeInt;
  begin
    case C of
      '0'..'9': Nibble := Ord(C) - Ord('0');
      'a'..'f': Nibble := Ord(C) - Ord('a') + 10;
      'A'..'F': Nibble := Ord(C) - Ord('A') + 10;
    else
      Nibble := 0;
    end;
  end;

begin
  R := '';
  SetLength(R, Length(Text) div 2);
  for I := 1 to Length(Text) div 2 do
  begin
    Hi := Nibble(Text[2 * I - 1]);
    Lo := Nibble(Text[2 * I]);
    R[I] := AnsiChar(Hi * 16 + Lo);
  end;
  ScaleboxUnhex := R;
end;

procedure ScaleboxSend(const Text: AnsiString);
var
  Done, N: SizeInt;
begin
  Flush(Output);
  Done := 0;
  while Done < Length(Text) do
  begin
    N := SysUtils.FileWrite(3, Text[Done + 1], Length(Text) - Done);
    if N <= 0 then
      Break;
    Done := Done + N;
  end;
  Halt(0);
end;

{ Ends the run with ``raised`` and the message. }
procedure ScaleboxFail(const Text: AnsiString);
begin
  ScaleboxSend('raised ' + ScaleboxHex(Text) + #10);
end;

{ An exception the function let out (run-time errors are exceptions under SysUtils). }
procedure ScaleboxUncaught(Obj: TObject; Addr: CodePointer; FrameCount: LongInt;
  Frame: PCodePointer);
var
  Text: AnsiString;
begin
  if Obj = nil then
    Text := 'an exception'
  else
  begin
    Text := Obj.ClassName;
    if Obj.InheritsFrom(SysUtils.Exception) then
      Text := Text + ': ' + SysUtils.Exception(Obj).Message;
  end;
  ScaleboxFail(Text);
end;

function ScaleboxKindName(Kind: AnsiChar): AnsiString;
begin
  case Kind of
    'n': ScaleboxKindName := 'null';
    'b': ScaleboxKindName := 'a bool';
    'i': ScaleboxKindName := 'an integer';
    'f': ScaleboxKindName := 'a float';
    's': ScaleboxKindName := 'a string';
    'l': ScaleboxKindName := 'a list';
    'm': ScaleboxKindName := 'an object';
  else
    ScaleboxKindName := 'a value';
  end;
end;

function ScaleboxPeek: AnsiChar;
begin
  if (ScaleboxPos < Length(ScaleboxLines)) and (Length(ScaleboxLines[ScaleboxPos]) > 0) then
    ScaleboxPeek := ScaleboxLines[ScaleboxPos][1]
  else
    ScaleboxPeek := '?';
end;

{ The next token's text, which must be of ``Kind``. }
function ScaleboxNext(Kind: AnsiChar; const What: AnsiString): AnsiString;
var
  Line: AnsiString;
begin
  if ScaleboxPos >= Length(ScaleboxLines) then
    ScaleboxFail(What + ': the arguments end too soon');
  Line := ScaleboxLines[ScaleboxPos];
  ScaleboxPos := ScaleboxPos + 1;
  if Line = '' then
    ScaleboxFail(What + ': expected ' + ScaleboxKindName(Kind) + ', got a blank line');
  if Line[1] <> Kind then
    ScaleboxFail(What + ': expected ' + ScaleboxKindName(Kind) + ', got ' +
      ScaleboxKindName(Line[1]));
  ScaleboxNext := Copy(Line, 3, Length(Line));
end;

function ScaleboxCount(Kind: AnsiChar; const What: AnsiString): SizeInt;
var
  N: Int64;
  Code: Word;
begin
  Val(ScaleboxNext(Kind, What), N, Code);
  if (Code <> 0) or (N < 0) then
    ScaleboxFail(What + ': a bad count');
  ScaleboxCount := N;
end;

function ScaleboxTypeName(Info: PTypeInfo): AnsiString;
begin
  ScaleboxTypeName := Info^.Name;
end;

function ScaleboxBits(Bits: QWord): Double;
begin
  ScaleboxBits := PDouble(@Bits)^;
end;

function ScaleboxFinite(D: Double): Boolean;
begin
  ScaleboxFinite := (PQWord(@D)^ shr 52) and $7FF <> $7FF;
end;

function ScaleboxReadFloat(const What: AnsiString): Double;
var
  Text: AnsiString;
  D: Double;
  Code: Word;
begin
  if ScaleboxPeek = 'i' then
    Text := ScaleboxNext('i', What)
  else
    Text := ScaleboxNext('f', What);
  if Text = 'nan' then
    D := ScaleboxBits(QWord($7FF8000000000000))
  else if Text = 'inf' then
    D := ScaleboxBits(QWord($7FF0000000000000))
  else if Text = '-inf' then
    D := ScaleboxBits(QWord($FFF0000000000000))
  else
  begin
    Val(Text, D, Code);
    if Code <> 0 then
      ScaleboxFail(What + ': cannot read the number ' + Text);
  end;
  ScaleboxReadFloat := D;
end;

function ScaleboxReadString(const What: AnsiString): RawByteString;
begin
  ScaleboxReadString := ScaleboxUnhex(ScaleboxNext('s', What));
end;

function ScaleboxUnicode(const Text: RawByteString; const What: AnsiString): UnicodeString;
var
  U: UnicodeString;
  Back: RawByteString;
begin
  U := UTF8Decode(Text);
  Back := UTF8Encode(U);
  if (Length(Back) <> Length(Text)) or ((Length(Text) > 0) and
    not CompareMem(@Back[1], @Text[1], Length(Text))) then
    ScaleboxFail(What + ': a string that is not UTF-8 text cannot be a ' + 'UnicodeString');
  ScaleboxUnicode := U;
end;

{ An integer token into an ordinal of the type's size, refused when out of its range. }
procedure ScaleboxReadOrdinal(Info: PTypeInfo; Dest: Pointer; const What: AnsiString);
var
  Data: PTypeData;
  Text: AnsiString;
  V: Int64;
  Code: Word;
  Least, Most: Int64;
  Unsigned64: Boolean;
begin
  Data := GetTypeData(Info);
  Text := ScaleboxNext('i', What);
  Val(Text, V, Code);
  if Code <> 0 then
    ScaleboxFail(What + ': ' + Text + ' does not fit in ' + ScaleboxTypeName(Info));
  Unsigned64 := False;
  case Info^.Kind of
    tkInt64:
      begin
        Least := Data^.MinInt64Value;
        Most := Data^.MaxInt64Value;
      end;
    tkQWord:
      begin
        Least := 0;
        Most := 0;
        Unsigned64 := True;
      end;
  else
    if Data^.OrdType = otULong then
    begin
      Least := LongWord(Data^.MinValue);
      Most := LongWord(Data^.MaxValue);
    end
    else
    begin
      Least := Data^.MinValue;
      Most := Data^.MaxValue;
    end;
  end;
  if Unsigned64 then
  begin
    if (V < 0) or (QWord(V) < Data^.MinQWordValue) or (QWord(V) > Data^.MaxQWordValue) then
      ScaleboxFail(What + ': ' + Text + ' does not fit in ' + ScaleboxTypeName(Info));
    PQWord(Dest)^ := QWord(V);
    Exit;
  end;
  if (V < Least) or (V > Most) then
    ScaleboxFail(What + ': ' + Text + ' does not fit in ' + ScaleboxTypeName(Info));
  if Info^.Kind = tkInt64 then
    PInt64(Dest)^ := V
  else
    case Data^.OrdType of
      otSByte, otUByte: PByte(Dest)^ := Byte(V and $FF);
      otSWord, otUWord: PWord(Dest)^ := Word(V and $FFFF);
    else
      PLongWord(Dest)^ := LongWord(V and $FFFFFFFF);
    end;
end;

procedure ScaleboxRead(Info: PTypeInfo; Dest: Pointer; const What: AnsiString);
var
  Data: PTypeData;
  D: Double;
  S: RawByteString;
  U: UnicodeString;
  B: Boolean;
  N, I: SizeInt;
  Items: Pointer;
begin
  Data := GetTypeData(Info);
  case Info^.Kind of
    tkInteger, tkInt64, tkQWord:
      ScaleboxReadOrdinal(Info, Dest, What);
    tkBool:
      begin
        B := ScaleboxNext('b', What) = '1';
        case Data^.OrdType of
          otSByte, otUByte: PByte(Dest)^ := Ord(B);
          otSWord, otUWord: PWord(Dest)^ := Ord(B);
          otSLong, otULong: PLongWord(Dest)^ := Ord(B);
        else
          PQWord(Dest)^ := Ord(B);
        end;
      end;
    tkFloat:
      begin
        D := ScaleboxReadFloat(What);
        case Data^.FloatType of
          ftSingle:
            begin
              if ScaleboxFinite(D) and (Abs(D) > 3.4028234663852886e38) then
                ScaleboxFail(What + ': ' + SysUtils.FloatToStr(D) + ' does not fit in ' +
                  ScaleboxTypeName(Info));
              PSingle(Dest)^ := D;
            end;
          ftDouble: PDouble(Dest)^ := D;
          ftExtended: PExtended(Dest)^ := D;
        else
          ScaleboxFail(What + ': parameters cannot be of type ' + ScaleboxTypeName(Info));
        end;
      end;
    tkChar:
      begin
        S := ScaleboxReadString(What);
        if Length(S) <> 1 then
          ScaleboxFail(What + ': a Char parameter needs a string of one byte');
        PAnsiChar(Dest)^ := S[1];
      end;
    tkWChar:
      begin
        U := ScaleboxUnicode(ScaleboxReadString(What), What);
        if Length(U) <> 1 then
          ScaleboxFail(What + ': a WideChar parameter needs a string of one UTF-16 unit');
        PWideChar(Dest)^ := U[1];
      end;
    tkSString:
      begin
        S := ScaleboxReadString(What);
        if Length(S) > Data^.MaxLength then
          ScaleboxFail(What + ': a string of ' + SysUtils.IntToStr(Length(S)) +
            ' bytes does not fit in ' + ScaleboxTypeName(Info) + ' (at most ' +
            SysUtils.IntToStr(Data^.MaxLength) + '; use AnsiString or {$H+})');
        PShortString(Dest)^ := S;
      end;
    tkAString:
      begin
        S := ScaleboxReadString(What);
        SetCodePage(S, Data^.CodePage, False);
        PRawByteString(Dest)^ := S;
      end;
    tkUString:
      PUnicodeString(Dest)^ := ScaleboxUnicode(ScaleboxReadString(What), What);
    tkWString:
      PWideString(Dest)^ := ScaleboxUnicode(ScaleboxReadString(What), What);
    tkDynArray:
      begin
        N := ScaleboxCount('l', What);
        DynArraySetLength(PPointer(Dest)^, Info, 1, @N);
        Items := PPointer(Dest)^;
        for I := 0 to N - 1 do
          ScaleboxRead(Data^.ElType2, Pointer(PtrUInt(Items) + PtrUInt(I) * Data^.elSize), What);
      end;
    tkArray:
      begin
        if Data^.ArrayData.DimCount <> 1 then
          ScaleboxFail(What + ': parameters cannot be of the multi-dimensional type ' +
            ScaleboxTypeName(Info) + ' (use an array of arrays)');
        N := ScaleboxCount('l', What);
        if N <> Data^.ArrayData.ElCount then
          ScaleboxFail(What + ': a list of ' + SysUtils.IntToStr(N) + ' for ' +
            ScaleboxTypeName(Info) + ', an array of ' +
            SysUtils.IntToStr(Data^.ArrayData.ElCount));
        for I := 0 to N - 1 do
          ScaleboxRead(Data^.ArrayData.ElType,
            Pointer(PtrUInt(Dest) + PtrUInt(I) * PtrUInt(Data^.ArrayData.Size div N)), What);
      end;
  else
    ScaleboxFail(What + ': parameters cannot be of type ' + ScaleboxTypeName(Info));
  end;
end;

{ -- the returned value, by its type ---------------------------------------------------- }

procedure ScaleboxPut(const Text: AnsiString);
begin
  ScaleboxOut := ScaleboxOut + Text + #10;
end;

procedure ScaleboxPutFloat(D: Double);
var
  Bits: QWord;
  Settings: TFormatSettings;
begin
  Bits := PQWord(@D)^;
  if not ScaleboxFinite(D) then
  begin
    if Bits and QWord($000FFFFFFFFFFFFF) <> 0 then
      ScaleboxPut('f nan')
    else if Bits shr 63 = 1 then
      ScaleboxPut('f -inf')
    else
      ScaleboxPut('f inf');
    Exit;
  end;
  Settings := SysUtils.DefaultFormatSettings;
  Settings.DecimalSeparator := '.';
  ScaleboxPut('f ' + SysUtils.FloatToStrF(D, ffGeneral, 17, 0, Settings));
end;

procedure ScaleboxPutBytes(P: Pointer; N: SizeInt);
var
  S: RawByteString;
begin
  S := '';
  SetLength(S, N);
  if N > 0 then
    Move(P^, S[1], N);
  ScaleboxPut('s ' + ScaleboxHex(S));
end;

procedure ScaleboxWrite(Info: PTypeInfo; Src: Pointer);
var
  Data: PTypeData;
  Items: Pointer;
  N, I: SizeInt;
  S: RawByteString;
  Bool: Boolean;
begin
  Data := GetTypeData(Info);
  case Info^.Kind of
    tkInt64:
      ScaleboxPut('i ' + SysUtils.IntToStr(PInt64(Src)^));
    tkQWord:
      ScaleboxPut('i ' + SysUtils.UIntToStr(PQWord(Src)^));
    tkInteger:
      case Data^.OrdType of
        otSByte: ScaleboxPut('i ' + SysUtils.IntToStr(PShortInt(Src)^));
        otUByte: ScaleboxPut('i ' + SysUtils.IntToStr(PByte(Src)^));
        otSWord: ScaleboxPut('i ' + SysUtils.IntToStr(PSmallInt(Src)^));
        otUWord: ScaleboxPut('i ' + SysUtils.IntToStr(PWord(Src)^));
        otSLong: ScaleboxPut('i ' + SysUtils.IntToStr(PLongInt(Src)^));
      else
        ScaleboxPut('i ' + SysUtils.IntToStr(PLongWord(Src)^));
      end;
    tkBool:
      begin
        case Data^.OrdType of
          otSByte, otUByte: Bool := PByte(Src)^ <> 0;
          otSWord, otUWord: Bool := PWord(Src)^ <> 0;
          otSLong, otULong: Bool := PLongWord(Src)^ <> 0;
        else
          Bool := PQWord(Src)^ <> 0;
        end;
        if Bool then
          ScaleboxPut('b 1')
        else
          ScaleboxPut('b 0');
      end;
    tkFloat:
      case Data^.FloatType of
        ftSingle: ScaleboxPutFloat(PSingle(Src)^);
        ftDouble: ScaleboxPutFloat(PDouble(Src)^);
        ftExtended: ScaleboxPutFloat(PExtended(Src)^);
      else
        ScaleboxFail('the function returned a value of type ' + ScaleboxTypeName(Info) +
          ', which has no JSON form');
      end;
    tkChar:
      ScaleboxPutBytes(Src, 1);
    tkWChar:
      begin
        S := UTF8Encode(UnicodeString(PWideChar(Src)^));
        ScaleboxPutBytes(Pointer(S), Length(S));
      end;
    tkSString:
      ScaleboxPutBytes(Pointer(PtrUInt(Src) + 1), PByte(Src)^);
    tkAString:
      ScaleboxPutBytes(PPointer(Src)^, Length(PRawByteString(Src)^));
    tkUString:
      begin
        S := UTF8Encode(PUnicodeString(Src)^);
        ScaleboxPutBytes(Pointer(S), Length(S));
      end;
    tkWString:
      begin
        S := UTF8Encode(PWideString(Src)^);
        ScaleboxPutBytes(Pointer(S), Length(S));
      end;
    tkDynArray:
      begin
        Items := PPointer(Src)^;
        N := DynArraySize(Items);
        ScaleboxPut('l ' + SysUtils.IntToStr(N));
        for I := 0 to N - 1 do
          ScaleboxWrite(Data^.ElType2, Pointer(PtrUInt(Items) + PtrUInt(I) * Data^.elSize));
      end;
    tkArray:
      begin
        if Data^.ArrayData.DimCount <> 1 then
          ScaleboxFail('the function returned a value of the multi-dimensional type ' +
            ScaleboxTypeName(Info) + ' (use an array of arrays)');
        N := Data^.ArrayData.ElCount;
        ScaleboxPut('l ' + SysUtils.IntToStr(N));
        for I := 0 to N - 1 do
          ScaleboxWrite(Data^.ArrayData.ElType,
            Pointer(PtrUInt(Src) + PtrUInt(I) * PtrUInt(Data^.ArrayData.Size div N)));
      end;
  else
    ScaleboxFail('the function returned a value of type ' + ScaleboxTypeName(Info) +
      ', which has no JSON form');
  end;
end;

{ -- the call ------------------------------------------------------------------------- }

{ Reads the request, which must be a list of ``Arity`` arguments. }
procedure ScaleboxStart(Arity: SizeInt; const Name: AnsiString);
var
  Input, Chunk: RawByteString;
  N, Start, I, Count: SizeInt;
begin
  System.ExceptProc := System.TExceptProc(@ScaleboxUncaught);
  Input := '';
  Chunk := '';
  SetLength(Chunk, 65536);
  repeat
    N := SysUtils.FileRead(0, Chunk[1], Length(Chunk));
    if N > 0 then
      Input := Input + Copy(Chunk, 1, N);
  until N <= 0;
  Count := 0;
  for I := 1 to Length(Input) do
    if Input[I] = #10 then
      Count := Count + 1;
  SetLength(ScaleboxLines, Count + 1);
  Count := 0;
  Start := 1;
  for I := 1 to Length(Input) do
    if Input[I] = #10 then
    begin
      ScaleboxLines[Count] := Copy(Input, Start, I - Start);
      Count := Count + 1;
      Start := I + 1;
    end;
  ScaleboxLines[Count] := Copy(Input, Start, Length(Input));
  ScaleboxPos := 0;
  ScaleboxOut := 'ok' + #10;
  N := ScaleboxCount('l', 'the arguments');
  if N <> Arity then
    ScaleboxFail(Name + ' takes ' + SysUtils.IntToStr(Arity) + ' arguments, the call passes ' +
      SysUtils.IntToStr(N));
end;

procedure ScaleboxDone;
begin
  ScaleboxSend(ScaleboxOut);
end;
