// A module of the program's own, with SystemVerilog types and debug output.
module adder;
  function automatic longint add(input longint a, input longint b);
    $display("adding %0d and %0d", a, b);
    return a + b;
  endfunction
endmodule
