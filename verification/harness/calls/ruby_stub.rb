# ScaleBox function-call stub for Ruby (placed after the submitted code). Reads the call's
# arguments as tokens on stdin, calls the function and answers on file descriptor 3 (see
# verification/harness/calls).

# Before the submitted code runs: its `if __FILE__ == $0` main does not.
BEGIN { $PROGRAM_NAME = "solution" }

module ScaleboxCall
  MAX_DEPTH = 100

  class Refusal < StandardError; end

  def self.parse(lines)
    pos = 0
    read = lambda do |depth|
      raise Refusal, "the arguments are nested too deeply" if depth > MAX_DEPTH
      raise Refusal, "the arguments end too soon" if pos >= lines.length

      line = lines[pos]
      pos += 1
      text = line[2..] || ""
      case line[0]
      when "n" then nil
      when "b" then text == "1"
      when "i" then Integer(text, 10)
      when "f"
        case text
        when "nan" then Float::NAN
        when "inf" then Float::INFINITY
        when "-inf" then -Float::INFINITY
        else Float(text)
        end
      when "s" then [text].pack("H*").force_encoding(Encoding::UTF_8)
      when "l" then Array.new(Integer(text, 10)) { read.call(depth + 1) }
      when "m"
        Integer(text, 10).times.to_h { [read.call(depth + 1), read.call(depth + 1)] }
      else
        raise Refusal, "unreadable argument token #{line[0, 40].inspect}"
      end
    end
    read.call(0)
  end

  def self.emit(value, out, depth)
    raise Refusal, "the returned value is nested too deeply" if depth > MAX_DEPTH

    case value
    when nil then out << "n"
    when true then out << "b 1"
    when false then out << "b 0"
    when Integer then out << "i #{value}"
    when Float
      out << if value.nan? then "f nan"
             elsif value.infinite? then value.positive? ? "f inf" : "f -inf"
             else "f #{value}"
             end
    when String, Symbol then out << "s #{value.to_s.b.unpack1('H*')}"
    when Array, (defined?(Set) ? Set : Array)
      items = value.to_a
      out << "l #{items.length}"
      items.each { |item| emit(item, out, depth + 1) }
    when Hash
      out << "m #{value.size}"
      value.each do |key, item|
        emit(key, out, depth + 1)
        emit(item, out, depth + 1)
      end
    when Proc, Method
      raise Refusal, "the function returned a #{value.class.name}, not a value"
    else
      raise Refusal, "the function returned an object of class #{Kernel.instance_method(:class).bind_call(value)}; " \
                     "return integers, floats, strings, symbols, true, false, nil, arrays, sets or hashes"
    end
  end

  # The function to call: a method of class (or module) Solution, a method defined at the top level,
  # or a proc or lambda in a top-level local variable.
  def self.target(fn_name, scope)
    name = fn_name.to_sym
    solution = Object.const_defined?(:Solution, false) && Object.const_get(:Solution, false)
    if solution.is_a?(Class) && (solution.method_defined?(name) || solution.private_method_defined?(name)) &&
       ![Object, Kernel, BasicObject].include?(solution.instance_method(name).owner)
      receiver = solution.new
      return ->(args) { receiver.__send__(name, *args) }
    end
    if solution.is_a?(Module) && solution.singleton_methods.include?(name)
      return ->(args) { solution.__send__(name, *args) }
    end
    if (Object.private_method_defined?(name) || Object.method_defined?(name)) &&
       Object.instance_method(name).owner == Object
      return ->(args) { TOPLEVEL_BINDING.receiver.__send__(name, *args) }
    end
    if scope.local_variable_defined?(name)
      callable = scope.local_variable_get(name)
      return ->(args) { callable.call(*args) } if callable.is_a?(Proc) || callable.is_a?(Method)
    end
    raise Refusal, "the program defines no method #{fn_name} (at the top level or in a class Solution)"
  end

  def self.run(fn_name, scope)
    text =
      begin
        args = parse($stdin.binmode.read.split("\n", -1))
        raise Refusal, "the arguments are not a list" unless args.is_a?(Array)

        out = ["ok"]
        emit(target(fn_name, scope).call(args), out, 0)
        out.join("\n") + "\n"
      rescue SystemExit, SignalException
        raise
      rescue Exception => e # rubocop:disable Lint/RescueException
        message = e.is_a?(Refusal) ? e.message : "#{e.class}: #{e.message}"
        "raised #{message.b.unpack1('H*')}\n"
      end
    reply = IO.new(3, "wb")
    reply.write(text)
    reply.flush
    $stdout.flush
    $stderr.flush
    exit!(0)
  end
end

ScaleboxCall.run(
