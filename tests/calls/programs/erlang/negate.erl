-module(solution).
-export([negate/1, main/0]).

negate(B) -> not B.

main() -> io:format("~p~n", [negate(true)]).
