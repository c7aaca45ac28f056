-module(solution).
-export([tally/1]).

tally(Words) ->
    lists:foldl(fun(W, Counts) -> maps:update_with(W, fun(N) -> N + 1 end, 1, Counts) end,
                #{}, Words).
