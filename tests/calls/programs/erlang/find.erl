-module(solution).
-export([find/2]).

find(Xs, Target) -> find(Xs, Target, 0).

find([], _, _) -> null;
find([Target | _], Target, I) -> I;
find([_ | Rest], Target, I) -> find(Rest, Target, I + 1).
