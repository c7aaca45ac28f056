# ScaleBox function-call stub for Crystal (placed after the submitted code). Reads the
# call's arguments as tokens on stdin, converts them to the parameters' declared types
# (a generic method the compiler instantiates per type), calls the method and answers on
# file descriptor 3 (see verification/harness/calls).
module ScaleboxCall
  class Failure < Exception
  end

  class Tokens
    def initialize(@lines : Array(String))
      @pos = 0
    end

    def peek : Char
      @pos < @lines.size && !@lines[@pos].empty? ? @lines[@pos][0] : '?'
    end

    def next(kind : Char) : String
      raise Failure.new("the arguments end too soon") if @pos >= @lines.size
      line = @lines[@pos]
      @pos += 1
      if line.empty? || line[0] != kind
        raise Failure.new("expected #{ScaleboxCall.kind_name(kind)}, got #{line.empty? ? "a blank line" : ScaleboxCall.kind_name(line[0])}")
      end
      line.size > 2 ? line[2..] : ""
    end

    def count(kind : Char) : Int32
      n = self.next(kind).to_i32?
      raise Failure.new("bad count") if n.nil? || n < 0
      n
    end
  end

  def self.kind_name(kind : Char) : String
    case kind
    when 'n' then "null"
    when 'b' then "a bool"
    when 'i' then "an integer"
    when 'f' then "a float"
    when 's' then "a string"
    when 'l' then "a list"
    when 'm' then "an object"
    else          "a value"
    end
  end

  def self.unhex(text : String) : String
    String.new(text.hexbytes)
  end

  def self.hex(text : String) : String
    text.to_slice.hexstring
  end

  def self.float(text : String) : Float64
    case text
    when "nan"  then Float64::NAN
    when "inf"  then Float64::INFINITY
    when "-inf" then -Float64::INFINITY
    else             text.to_f64
    end
  end

  # -- arguments: tokens converted to the parameter's type ----------------------------------

  def self.parse(type : T.class, input : Tokens) forall T
    {% if T == Bool %}
      input.next('b') == "1"
    {% elsif T == Nil %}
      input.next('n')
      nil
    {% elsif T.union? %}
      # A union takes the member of the token's kind.
      {% has_int = T.union_types.any? { |u| u < Int } %}
      case input.peek
      {% for u in T.union_types %}
        {% if u == Nil %}
          when 'n'
            input.next('n')
            nil
        {% elsif u == Bool %}
          when 'b' then parse(Bool, input)
        {% elsif u < Int %}
          when 'i' then parse({{u}}, input)
        {% elsif u < Float %}
          when {{has_int ? "'f'".id : "'f', 'i'".id}} then parse({{u}}, input)
        {% elsif u == String || u == Char %}
          when 's' then parse({{u}}, input)
        {% elsif u < Array || u < Set || u < Tuple %}
          when 'l' then parse({{u}}, input)
        {% elsif u < Hash %}
          when 'm' then parse({{u}}, input)
        {% else %}
          {% raise "function-call parameters cannot be of type #{u}" %}
        {% end %}
      {% end %}
      else
        raise Failure.new("#{kind_name(input.peek)} for a parameter of type {{T}}")
      end
    {% elsif T < Int %}
      text = input.next('i')
      T.new(text, whitespace: false, underscore: false, prefix: false, strict: true, leading_zero_is_octal: false) rescue raise Failure.new("integer #{text} does not fit in #{T}")
    {% elsif T < Float %}
      T.new(float(input.next(input.peek == 'i' ? 'i' : 'f')))
    {% elsif T == String %}
      unhex(input.next('s'))
    {% elsif T == Char %}
      text = unhex(input.next('s'))
      raise Failure.new("a Char parameter needs a string of one character") unless text.size == 1
      text[0]
    {% elsif T < Array %}
      n = input.count('l')
      T.new(n) { parse({{T.type_vars[0]}}, input) }
    {% elsif T < Set %}
      n = input.count('l')
      set = T.new
      n.times { set << parse({{T.type_vars[0]}}, input) }
      set
    {% elsif T < Hash %}
      n = input.count('m')
      hash = T.new
      n.times do
        key = unhex(input.next('s'))
        {% k = T.type_vars[0] %}
        {% if k == String %}
          hash[key] = parse({{T.type_vars[1]}}, input)
        {% else %}
          one = Tokens.new([({{k == Bool}} ? "b #{key == "true" ? 1 : 0}" : {{k < Float}} ? "f #{key}" : "i #{key}")])
          hash[parse({{k}}, one)] = parse({{T.type_vars[1]}}, input)
        {% end %}
      end
      hash
    {% elsif T < Tuple %}
      n = input.count('l')
      raise Failure.new("a list of #{n} for a tuple of {{T.type_vars.size}}") unless n == {{T.type_vars.size}}
      { {% for u in T.type_vars %} parse({{u}}, input), {% end %} }
    {% else %}
      {% raise "function-call parameters cannot be of type #{T}" %}
    {% end %}
  end

  # -- the returned value, by its type (each type of a union at run time) -----------------

  def self.emit(io : IO, value : Bool)
    io << (value ? "b 1\n" : "b 0\n")
  end

  def self.emit(io : IO, value : Nil)
    io << "n\n"
  end

  def self.emit(io : IO, value : Int)
    io << "i " << value << '\n'
  end

  def self.emit(io : IO, value : Float)
    x = value.to_f64
    io << "f " << (x.nan? ? "nan" : x.infinite? ? (x > 0 ? "inf" : "-inf") : x.to_s) << '\n'
  end

  def self.emit(io : IO, value : String)
    io << "s " << hex(value) << '\n'
  end

  def self.emit(io : IO, value : Char)
    emit(io, value.to_s)
  end

  def self.emit(io : IO, value : Array | Set | Deque | Tuple | StaticArray)
    io << "l " << value.size << '\n'
    value.each { |item| emit(io, item) }
  end

  def self.emit(io : IO, value : Hash)
    io << "m " << value.size << '\n'
    value.each do |key, item|
      emit(io, key.is_a?(String) ? key : key.to_s)
      emit(io, item)
    end
  end

  def self.emit(io : IO, value)
    raise Failure.new("the function returned a value of type #{value.class.name}, which has no JSON form")
  end

  # -- the call -----------------------------------------------------------------------------

  def self.request : Tokens
    Tokens.new(STDIN.gets_to_end.split('\n'))
  end

  def self.answer(text : String) : Nil
    STDOUT.flush
    file = IO::FileDescriptor.new(3)
    file.sync = true
    file.write(text.to_slice)
  end

  def self.run(name : String, arity : Int32, &call : Tokens, IO ->) : NoReturn
    reply = begin
      input = request
      raise Failure.new("#{name} takes #{arity} arguments") unless input.count('l') == arity
      io = IO::Memory.new
      io << "ok\n"
      call.call(input, io)
      io.to_s
    rescue e : Failure
      "raised #{hex(e.message || "")}\n"
    rescue e
      "raised #{hex("#{e.class.name}: #{e.message}")}\n"
    end
    answer(reply)
    exit 0
  end

  def self.arg(position : Int32, &block)
    yield
  rescue e : Failure
    raise Failure.new("argument #{position}: #{e.message}")
  end
end

# Calls the method `name` taking `arity` parameters: a top-level one, else one of a
# `class Solution` (on a new object), else a class method of it.
macro scalebox_run(name, arity)
  {% methods = @top_level.methods.select { |m| m.name.id == name.id && m.args.size == arity } %}
  {% receiver = "" %}
  {% if methods.empty? && @top_level.has_constant?("Solution") %}
    {% solution = @top_level.constant("Solution") %}
    {% methods = solution.methods.select { |m| m.name.id == name.id && m.args.size == arity } %}
    {% receiver = "Solution.new." %}
    {% if methods.empty? %}
      {% methods = solution.class.methods.select { |m| m.name.id == name.id && m.args.size == arity } %}
      {% receiver = "Solution." %}
    {% end %}
  {% end %}
  {% raise "no method named #{name.id} takes #{arity} parameters" if methods.empty? %}
  {% raise "more than one method named #{name.id} takes #{arity} parameters" if methods.size > 1 %}
  {% for a, i in methods[0].args %}
    {% raise "parameter #{a.name} of #{name.id} needs a type restriction" if a.restriction.is_a?(Nop) %}
    alias ScaleboxArg{{i}} = {{a.restriction}}
  {% end %}
  ScaleboxCall.run({{name.id.stringify}}, {{arity}}) do |scalebox_input, scalebox_io|
    {% for a, i in methods[0].args %}
      scalebox_a{{i}} = ScaleboxCall.arg({{i + 1}}) { ScaleboxCall.parse(ScaleboxArg{{i}}, scalebox_input) }
    {% end %}
    ScaleboxCall.emit(scalebox_io, {{receiver.id}}{{name.id}}({% for a, i in methods[0].args %}scalebox_a{{i}}, {% end %}))
  end
end
