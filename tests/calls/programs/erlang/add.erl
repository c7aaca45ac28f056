-module(solution).
-export([add/2]).

-spec add(integer(), integer()) -> integer().
add(A, B) ->
    io:format("adding ~p and ~p~n", [A, B]),
    A + B.
