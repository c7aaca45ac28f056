# A free method on 64-bit integers; its debug output goes to stdout.
def add(a : Int64, b : Int64) : Int64
  puts "adding #{a} and #{b}"
  a + b
end
