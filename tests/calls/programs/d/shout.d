module shouting;

import std.stdio;

string shout(string s) {
    writeln("shouting ", s.length, " bytes");
    return s ~ "!";
}

void main() {
    writeln(shout(readln()));
}
