-module(solution).
-export([mixed/2]).

mixed(N, S) -> {N, S, true, undefined, 1.5}.
