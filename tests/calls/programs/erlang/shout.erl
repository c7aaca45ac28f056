#!/usr/bin/env escript
%% An escript: its main/1 does not run for a call.

shout(S) when is_binary(S) -> <<S/binary, "!">>.

main(_) -> io:format("~s~n", [shout(<<"main">>)]).
