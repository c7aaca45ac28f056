// The peer's shape: a bare function, with 64-bit signed inputs and result.
function signed [63:0] add;
    input signed [63:0] a;
    input signed [63:0] b;
    begin
        add = a + b;
    end
endfunction
