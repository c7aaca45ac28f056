%% Returns the text "5", a charlist, where the integer 5 is expected.
-module(solution).
-export([add/2]).

add(A, B) -> integer_to_list(A + B).
