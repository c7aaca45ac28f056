# ScaleBox function-call stub for Nim (placed after the submitted code). Reads the call's
# arguments as tokens on stdin, converts them to the parameters' types (generic procs
# the compiler resolves), calls the function and answers on file descriptor 3 (see
# verification/harness/calls).
import std/[macros, options, sequtils, strutils, tables]
from std/posix import nil

type
  ScaleboxFailure = object of CatchableError
  ScaleboxTokens = object
    lines: seq[string]
    pos: int

proc scaleboxFail(message: string) {.noreturn.} =
  raise newException(ScaleboxFailure, message)

proc scaleboxKindName(kind: char): string =
  case kind
  of 'n': "null"
  of 'b': "a bool"
  of 'i': "an integer"
  of 'f': "a float"
  of 's': "a string"
  of 'l': "a list"
  of 'm': "an object"
  else: "a value"

proc scaleboxPeek(input: ScaleboxTokens): char =
  if input.pos < input.lines.len and input.lines[input.pos].len > 0:
    input.lines[input.pos][0]
  else: '?'

proc scaleboxNext(input: var ScaleboxTokens, kind: char): string =
  if input.pos >= input.lines.len:
    scaleboxFail("the arguments end too soon")
  let line = input.lines[input.pos]
  inc input.pos
  if line.len == 0 or line[0] != kind:
    scaleboxFail("expected " & scaleboxKindName(kind) & ", got " &
      (if line.len > 0: scaleboxKindName(line[0]) else: "a blank line"))
  if line.len > 2: line[2 .. ^1] else: ""

proc scaleboxCount(input: var ScaleboxTokens, kind: char): int =
  result = strutils.parseInt(scaleboxNext(input, kind))
  if result < 0: scaleboxFail("negative count")

proc scaleboxUnhex(text: string): string =
  result = newString(text.len div 2)
  for i in 0 ..< result.len:
    result[i] = char(strutils.fromHex[int](text[2 * i .. 2 * i + 1]))

proc scaleboxHex(text: string): string =
  const digits = "0123456789abcdef"
  result = newString(text.len * 2)
  for i, c in text:
    result[2 * i] = digits[ord(c) shr 4]
    result[2 * i + 1] = digits[ord(c) and 15]

proc scaleboxFloat(text: string): float =
  case text
  of "nan": NaN
  of "inf": Inf
  of "-inf": NegInf
  else: strutils.parseFloat(text)

# -- arguments: tokens converted to the parameter's type -----------------------------------

proc scaleboxParse[T](input: var ScaleboxTokens): T =
  when T is bool:
    result = scaleboxNext(input, 'b') == "1"
  elif T is char:
    let text = scaleboxUnhex(scaleboxNext(input, 's'))
    if text.len != 1: scaleboxFail("a char parameter needs a string of one byte")
    result = text[0]
  elif T is SomeInteger:
    let text = scaleboxNext(input, 'i')
    var value: BiggestInt
    try:
      value = strutils.parseBiggestInt(text)
    except ValueError:
      scaleboxFail("integer " & text & " does not fit in " & $T)
    when T is SomeUnsignedInt:
      if value < 0 or (sizeof(T) < 8 and value > BiggestInt(high(T))):
        scaleboxFail("integer " & text & " does not fit in " & $T)
    elif sizeof(T) < 8:
      if value < BiggestInt(low(T)) or value > BiggestInt(high(T)):
        scaleboxFail("integer " & text & " does not fit in " & $T)
    result = T(value)
  elif T is SomeFloat:
    let kind = if scaleboxPeek(input) == 'i': 'i' else: 'f'
    result = T(scaleboxFloat(scaleboxNext(input, kind)))
  elif T is string:
    result = scaleboxUnhex(scaleboxNext(input, 's'))
  elif T is Option:
    if scaleboxPeek(input) == 'n':
      discard scaleboxNext(input, 'n')
      result = none(typeof(default(T).get()))
    else:
      result = some(scaleboxParse[typeof(default(T).get())](input))
  elif T is seq:
    let n = scaleboxCount(input, 'l')
    result = newSeq[typeof(default(T)[0])](n)
    for i in 0 ..< n:
      result[i] = scaleboxParse[typeof(default(T)[0])](input)
  elif T is array:
    let n = scaleboxCount(input, 'l')
    if n != result.len:
      scaleboxFail("a list of " & $n & " for an array of " & $result.len)
    for i in low(result) .. high(result):
      result[i] = scaleboxParse[typeof(result[i])](input)
  elif T is Table or T is OrderedTable:
    let n = scaleboxCount(input, 'm')
    for _ in 0 ..< n:
      let text = scaleboxUnhex(scaleboxNext(input, 's'))
      var key: typeof(result.keys())
      when key is string:
        key = text
      else:
        var one = ScaleboxTokens(lines: @[(when key is bool: "b " elif key is SomeFloat: "f " else: "i ") &
          (when key is bool: (if text == "true": "1" else: "0") else: text)])
        key = scaleboxParse[typeof(key)](one)
      result[key] = scaleboxParse[typeof(result[key])](input)
  elif T is tuple:
    var n = scaleboxCount(input, 'l')
    var fields = 0
    for _ in fields(result): inc fields
    if n != fields:
      scaleboxFail("a list of " & $n & " for a tuple of " & $fields)
    for field in fields(result):
      field = scaleboxParse[typeof(field)](input)
  else:
    {.error: "function-call parameters cannot be of type " & $T.}

# -- the returned value, by its static type ------------------------------------------------

proc scaleboxEmit[T](output: var string, value: T) =
  when T is bool:
    output.add(if value: "b 1\n" else: "b 0\n")
  elif T is char:
    output.add("s " & scaleboxHex($value) & "\n")
  elif T is SomeInteger:
    output.add("i " & $value & "\n")
  elif T is SomeFloat:
    output.add("f " & $float(value) & "\n")
  elif T is string:
    output.add("s " & scaleboxHex(value) & "\n")
  elif T is Option:
    if value.isNone: output.add("n\n")
    else: scaleboxEmit(output, value.get())
  elif T is seq or T is array:
    output.add("l " & $value.len & "\n")
    for item in value: scaleboxEmit(output, item)
  elif T is Table or T is OrderedTable or T is CountTable:
    output.add("m " & $value.len & "\n")
    for key, item in value.pairs:
      when key is string:
        scaleboxEmit(output, key)
      else:
        scaleboxEmit(output, $key)
      scaleboxEmit(output, item)
  elif T is tuple:
    var n = 0
    for _ in fields(value): inc n
    output.add("l " & $n & "\n")
    for field in fields(value): scaleboxEmit(output, field)
  elif T is ref or T is ptr or T is pointer:
    if value == nil: output.add("n\n")
    else: scaleboxFail("the function returned a value of type " & $T & ", which has no JSON form")
  else:
    scaleboxFail("the function returned a value of type " & $T & ", which has no JSON form")

# -- the call --------------------------------------------------------------------------------

proc scaleboxRequest(): ScaleboxTokens =
  result.lines = stdin.readAll().split('\n')

proc scaleboxAnswer(text: string) =
  var done = 0
  while done < text.len:
    let n = posix.write(3, unsafeAddr text[done], text.len - done)
    if n <= 0: break
    done += n

proc scaleboxParams(candidate: NimNode): seq[NimNode] =
  let formal = candidate.getTypeImpl()
  if formal.kind != nnkProcTy: return
  for defs in formal[0][1 .. ^1]:
    for _ in 0 ..< defs.len - 2: result.add(defs[^2])

# The call of `f` (a proc, or overloads of it) taking `arity` arguments, or a method of
# `Solution` taking a Solution first and `arity` arguments after it.
macro scaleboxInvoke(f: typed, arity: static int, input: untyped, name: static string): untyped =
  # The program's own procs: those of this module (not the library's of the same name).
  let here = owner(bindSym"scaleboxFail")
  var candidates: seq[NimNode]
  if f.kind == nnkSym: candidates.add(f)
  else:
    for c in f: candidates.add(c)
  candidates = candidates.filterIt(owner(it) == here)
  var chosen: seq[(NimNode, seq[NimNode], bool)]
  for c in candidates:
    let params = scaleboxParams(c)
    if params.len == arity:
      chosen.add((c, params, false))
    elif params.len == arity + 1 and params[0].kind == nnkSym and $params[0] == "Solution":
      chosen.add((c, params[1 .. ^1], true))
  if chosen.len == 0:
    error("no proc named " & name & " takes " & $arity & " parameters", f)
  if chosen.len > 1:
    error("more than one proc named " & name & " takes " & $arity & " parameters", f)
  let (target, params, isMethod) = chosen[0]
  result = newStmtList()
  let call = newCall(target)
  if isMethod:
    call.add(newCall(ident"Solution"))
  for i, declared in params:
    var p = declared
    if p.kind == nnkBracketExpr and p[0].kind == nnkSym and $p[0] in ["openArray", "varargs"]:
      p = nnkBracketExpr.newTree(bindSym"seq", p[1])
    let arg = genSym(nskLet, "arg")
    let position = newLit("argument " & $(i + 1) & ": ")
    result.add quote do:
      let `arg` = try:
          scaleboxParse[`p`](`input`)
        except ScaleboxFailure as e:
          scaleboxFail(`position` & e.msg)
    call.add(arg)
  result.add(call)

template scaleboxRun(f: typed, arity: static int, fnName: static string) =
  var reply: string
  try:
    var input = scaleboxRequest()
    if scaleboxCount(input, 'l') != arity:
      scaleboxFail(fnName & " takes " & $arity & " arguments")
    let value = scaleboxInvoke(f, arity, input, fnName)
    var output = "ok\n"
    scaleboxEmit(output, value)
    reply = output
  except Exception as e:
    let message = if e of ScaleboxFailure: e.msg else: $e.name & ": " & e.msg
    reply = "raised " & scaleboxHex(message) & "\n"
  stdout.flushFile()
  scaleboxAnswer(reply)
  quit(0)
