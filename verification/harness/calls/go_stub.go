// ScaleBox function-call stub for Go. Its imports go before the submitted code, the rest
// after it. Reads the call's arguments as tokens on stdin, converts them to the
// parameters' types (found by reflection on the function), calls the function and
// answers on file descriptor 3 (see verification/harness/calls).
package main

import (
	scaleboxHex "encoding/hex"
	scaleboxFmt "fmt"
	scaleboxIo "io"
	scaleboxMath "math"
	scaleboxOs "os"
	scaleboxReflect "reflect"
	scaleboxStrconv "strconv"
	scaleboxStrings "strings"
)

// scalebox: declarations

const scaleboxMaxDepth = 200

// A failure of the stub's own (a value it cannot convert), told apart from a panic of the
// submitted code.
type scaleboxFailure string

func scaleboxFail(format string, args ...interface{}) {
	panic(scaleboxFailure(scaleboxFmt.Sprintf(format, args...)))
}

type scaleboxTokens struct {
	lines []string
	pos   int
}

func scaleboxKindName(kind byte) string {
	switch kind {
	case 'n':
		return "null"
	case 'b':
		return "a bool"
	case 'i':
		return "an integer"
	case 'f':
		return "a float"
	case 's':
		return "a string"
	case 'l':
		return "a list"
	case 'm':
		return "an object"
	}
	return "a value"
}

func (in *scaleboxTokens) peek() byte {
	if in.pos < len(in.lines) && in.lines[in.pos] != "" {
		return in.lines[in.pos][0]
	}
	return '?'
}

// next consumes a token of the given kind and returns its text.
func (in *scaleboxTokens) next(kind byte, want string) string {
	if in.pos >= len(in.lines) {
		scaleboxFail("the arguments end too soon")
	}
	line := in.lines[in.pos]
	if line == "" || line[0] != kind {
		got := "a blank line"
		if line != "" {
			got = scaleboxKindName(line[0])
		}
		scaleboxFail("%s cannot take %s", want, got)
	}
	in.pos++
	if len(line) > 2 {
		return line[2:]
	}
	return ""
}

func (in *scaleboxTokens) count(kind byte, want string) int {
	text := in.next(kind, want)
	n, err := scaleboxStrconv.Atoi(text)
	if err != nil || n < 0 || n > len(in.lines) {
		scaleboxFail("bad count %q", text)
	}
	return n
}

func scaleboxUnhex(text string) string {
	data, err := scaleboxHex.DecodeString(text)
	if err != nil {
		scaleboxFail("bad string token %q", text)
	}
	return string(data)
}

func scaleboxParseInt(text string, t scaleboxReflect.Type) scaleboxReflect.Value {
	if _, err := scaleboxStrconv.ParseInt(scaleboxStrings.TrimPrefix(text, "-"), 10, 64); err != nil &&
		err.(*scaleboxStrconv.NumError).Err != scaleboxStrconv.ErrRange {
		scaleboxFail("%q is not an integer", text)
	}
	v := scaleboxReflect.New(t).Elem()
	if t.Kind() >= scaleboxReflect.Uint && t.Kind() <= scaleboxReflect.Uintptr {
		n, err := scaleboxStrconv.ParseUint(text, 10, 64)
		if err != nil || v.OverflowUint(n) {
			scaleboxFail("integer %s does not fit in a %s", text, t)
		}
		v.SetUint(n)
		return v
	}
	n, err := scaleboxStrconv.ParseInt(text, 10, 64)
	if err != nil || v.OverflowInt(n) {
		scaleboxFail("integer %s does not fit in a %s", text, t)
	}
	v.SetInt(n)
	return v
}

func scaleboxParseFloat(text string, t scaleboxReflect.Type) scaleboxReflect.Value {
	f, err := scaleboxStrconv.ParseFloat(text, 64)
	if err != nil {
		scaleboxFail("bad number %q", text)
	}
	v := scaleboxReflect.New(t).Elem()
	v.SetFloat(f)
	return v
}

// scaleboxParse reads a value of type t: nil pointers, slices, arrays and maps come from
// lists and objects, an interface{} takes the value's natural Go type.
func scaleboxParse(in *scaleboxTokens, t scaleboxReflect.Type, depth int) scaleboxReflect.Value {
	if depth > scaleboxMaxDepth {
		scaleboxFail("the value is nested too deeply")
	}
	want := t.String()
	switch t.Kind() {
	case scaleboxReflect.Ptr:
		if in.peek() == 'n' {
			in.pos++
			return scaleboxReflect.Zero(t)
		}
		v := scaleboxReflect.New(t.Elem())
		v.Elem().Set(scaleboxParse(in, t.Elem(), depth+1))
		return v
	case scaleboxReflect.Interface:
		v := scaleboxReflect.New(t).Elem()
		if in.peek() == 'n' {
			in.pos++
			return v
		}
		dynamic := scaleboxParse(in, scaleboxNatural(in.peek()), depth)
		if !dynamic.Type().Implements(t) {
			scaleboxFail("%s cannot take %s", want, dynamic.Type())
		}
		v.Set(dynamic)
		return v
	case scaleboxReflect.Bool:
		v := scaleboxReflect.New(t).Elem()
		v.SetBool(in.next('b', want) == "1")
		return v
	case scaleboxReflect.Int, scaleboxReflect.Int8, scaleboxReflect.Int16, scaleboxReflect.Int32,
		scaleboxReflect.Int64, scaleboxReflect.Uint, scaleboxReflect.Uint8, scaleboxReflect.Uint16,
		scaleboxReflect.Uint32, scaleboxReflect.Uint64, scaleboxReflect.Uintptr:
		return scaleboxParseInt(in.next('i', want), t)
	case scaleboxReflect.Float32, scaleboxReflect.Float64:
		if in.peek() == 'i' {
			return scaleboxParseFloat(in.next('i', want), t)
		}
		return scaleboxParseFloat(in.next('f', want), t)
	case scaleboxReflect.String:
		v := scaleboxReflect.New(t).Elem()
		v.SetString(scaleboxUnhex(in.next('s', want)))
		return v
	case scaleboxReflect.Slice:
		n := in.count('l', want)
		v := scaleboxReflect.MakeSlice(t, n, n)
		for i := 0; i < n; i++ {
			v.Index(i).Set(scaleboxParse(in, t.Elem(), depth+1))
		}
		return v
	case scaleboxReflect.Array:
		n := in.count('l', want)
		if n != t.Len() {
			scaleboxFail("%s cannot take a list of %d", want, n)
		}
		v := scaleboxReflect.New(t).Elem()
		for i := 0; i < n; i++ {
			v.Index(i).Set(scaleboxParse(in, t.Elem(), depth+1))
		}
		return v
	case scaleboxReflect.Map:
		n := in.count('m', want)
		v := scaleboxReflect.MakeMapWithSize(t, n)
		for i := 0; i < n; i++ {
			key := scaleboxParseKey(in, t.Key())
			v.SetMapIndex(key, scaleboxParse(in, t.Elem(), depth+1))
		}
		return v
	}
	scaleboxFail("a parameter of type %s cannot take a JSON value", t)
	return scaleboxReflect.Value{}
}

// scaleboxNatural is the Go type an interface{} parameter gets for a token's kind.
func scaleboxNatural(kind byte) scaleboxReflect.Type {
	switch kind {
	case 'b':
		return scaleboxReflect.TypeOf(false)
	case 'i':
		return scaleboxReflect.TypeOf(0)
	case 'f':
		return scaleboxReflect.TypeOf(0.0)
	case 's':
		return scaleboxReflect.TypeOf("")
	case 'l':
		return scaleboxReflect.TypeOf([]interface{}{})
	case 'm':
		return scaleboxReflect.TypeOf(map[string]interface{}{})
	}
	scaleboxFail("unreadable argument token")
	return nil
}

// scaleboxParseKey reads an object's key (always a JSON string) as the map's key type.
func scaleboxParseKey(in *scaleboxTokens, t scaleboxReflect.Type) scaleboxReflect.Value {
	text := scaleboxUnhex(in.next('s', "an object key"))
	switch t.Kind() {
	case scaleboxReflect.String, scaleboxReflect.Interface:
		v := scaleboxReflect.New(t).Elem()
		v.Set(scaleboxReflect.ValueOf(text).Convert(t))
		return v
	case scaleboxReflect.Bool:
		if text != "true" && text != "false" {
			scaleboxFail("key %q is not a bool", text)
		}
		v := scaleboxReflect.New(t).Elem()
		v.SetBool(text == "true")
		return v
	case scaleboxReflect.Int, scaleboxReflect.Int8, scaleboxReflect.Int16, scaleboxReflect.Int32,
		scaleboxReflect.Int64, scaleboxReflect.Uint, scaleboxReflect.Uint8, scaleboxReflect.Uint16,
		scaleboxReflect.Uint32, scaleboxReflect.Uint64, scaleboxReflect.Uintptr:
		return scaleboxParseInt(text, t)
	case scaleboxReflect.Float32, scaleboxReflect.Float64:
		return scaleboxParseFloat(text, t)
	}
	scaleboxFail("a map keyed by %s cannot take an object", t)
	return scaleboxReflect.Value{}
}

// scaleboxFormatFloat prints f so that it reads back as the same value: a float32 in its
// shortest form, a float64 with 17 significant digits.
func scaleboxFormatFloat(f float64, bits int) string {
	switch {
	case scaleboxMath.IsNaN(f):
		return "nan"
	case scaleboxMath.IsInf(f, 1):
		return "inf"
	case scaleboxMath.IsInf(f, -1):
		return "-inf"
	}
	if bits == 32 {
		return scaleboxStrconv.FormatFloat(f, 'g', -1, 32)
	}
	return scaleboxStrconv.FormatFloat(f, 'g', 17, 64)
}

// scaleboxEmit writes v as tokens: nil slices and maps are empty, nil pointers and
// interfaces null; structs, functions, channels and complex numbers have no JSON form.
func scaleboxEmit(out *scaleboxStrings.Builder, v scaleboxReflect.Value, depth int) {
	if depth > scaleboxMaxDepth {
		scaleboxFail("the returned value is nested too deeply")
	}
	switch v.Kind() {
	case scaleboxReflect.Invalid:
		out.WriteString("n\n")
	case scaleboxReflect.Bool:
		if v.Bool() {
			out.WriteString("b 1\n")
		} else {
			out.WriteString("b 0\n")
		}
	case scaleboxReflect.Int, scaleboxReflect.Int8, scaleboxReflect.Int16, scaleboxReflect.Int32,
		scaleboxReflect.Int64:
		out.WriteString("i " + scaleboxStrconv.FormatInt(v.Int(), 10) + "\n")
	case scaleboxReflect.Uint, scaleboxReflect.Uint8, scaleboxReflect.Uint16, scaleboxReflect.Uint32,
		scaleboxReflect.Uint64, scaleboxReflect.Uintptr:
		out.WriteString("i " + scaleboxStrconv.FormatUint(v.Uint(), 10) + "\n")
	case scaleboxReflect.Float32, scaleboxReflect.Float64:
		out.WriteString("f " + scaleboxFormatFloat(v.Float(), v.Type().Bits()) + "\n")
	case scaleboxReflect.String:
		out.WriteString("s " + scaleboxHex.EncodeToString([]byte(v.String())) + "\n")
	case scaleboxReflect.Slice, scaleboxReflect.Array:
		out.WriteString("l " + scaleboxStrconv.Itoa(v.Len()) + "\n")
		for i := 0; i < v.Len(); i++ {
			scaleboxEmit(out, v.Index(i), depth+1)
		}
	case scaleboxReflect.Map:
		out.WriteString("m " + scaleboxStrconv.Itoa(v.Len()) + "\n")
		for entries := v.MapRange(); entries.Next(); {
			scaleboxEmit(out, entries.Key(), depth+1)
			scaleboxEmit(out, entries.Value(), depth+1)
		}
	case scaleboxReflect.Ptr, scaleboxReflect.Interface:
		if v.IsNil() {
			out.WriteString("n\n")
		} else {
			scaleboxEmit(out, v.Elem(), depth+1)
		}
	default:
		scaleboxFail("the function returned a %s, which has no JSON form", v.Type())
	}
}

var scaleboxErrorType = scaleboxReflect.TypeOf((*error)(nil)).Elem()

// scaleboxCall makes the call the request on stdin asks for and returns the answer.
func scaleboxCall(target interface{}) (answer string) {
	defer func() {
		if r := recover(); r != nil {
			message, ours := r.(scaleboxFailure)
			if !ours {
				message = scaleboxFailure(scaleboxFmt.Sprintf("panic: %v", r))
			}
			answer = "raised " + scaleboxHex.EncodeToString([]byte(message)) + "\n"
		}
	}()
	data, err := scaleboxIo.ReadAll(scaleboxOs.Stdin)
	if err != nil {
		scaleboxFail("cannot read the arguments: %v", err)
	}
	in := &scaleboxTokens{lines: scaleboxStrings.Split(string(data), "\n")}
	fn := scaleboxReflect.ValueOf(target)
	if fn.Kind() != scaleboxReflect.Func {
		scaleboxFail("the name given has type %s, which is not a function", fn.Type())
	}
	t := fn.Type()
	n := in.count('l', "the argument list")
	fixed := t.NumIn()
	if t.IsVariadic() {
		fixed--
	}
	if n < fixed || (n > fixed && !t.IsVariadic()) {
		scaleboxFail("the function takes %d arguments, the call gives %d", t.NumIn(), n)
	}
	args := make([]scaleboxReflect.Value, n)
	for i := range args {
		param := t.In(scaleboxMinInt(i, t.NumIn()-1))
		if t.IsVariadic() && i >= fixed {
			param = param.Elem()
		}
		args[i] = scaleboxArgument(in, param, i)
	}
	results := fn.Call(args)
	if k := len(results); k > 0 && t.Out(k-1) == scaleboxErrorType {
		if failure := results[k-1]; !failure.IsNil() {
			return "raised " + scaleboxHex.EncodeToString([]byte(failure.Interface().(error).Error())) + "\n"
		}
		results = results[:k-1]
	}
	var out scaleboxStrings.Builder
	out.WriteString("ok\n")
	switch len(results) {
	case 0:
		out.WriteString("n\n")
	case 1:
		scaleboxEmit(&out, results[0], 0)
	default:
		out.WriteString("l " + scaleboxStrconv.Itoa(len(results)) + "\n")
		for _, result := range results {
			scaleboxEmit(&out, result, 1)
		}
	}
	return out.String()
}

func scaleboxArgument(in *scaleboxTokens, t scaleboxReflect.Type, i int) (v scaleboxReflect.Value) {
	defer func() {
		if r := recover(); r != nil {
			if message, ours := r.(scaleboxFailure); ours {
				scaleboxFail("argument %d: %s", i+1, message)
			}
			panic(r)
		}
	}()
	return scaleboxParse(in, t, 0)
}

func scaleboxMinInt(a, b int) int {
	if a < b {
		return a
	}
	return b
}

func scaleboxRun(target interface{}) {
	answer := scaleboxCall(target)
	reply := scaleboxOs.NewFile(3, "answer")
	reply.WriteString(answer)
	reply.Close()
	scaleboxOs.Exit(0)
}
