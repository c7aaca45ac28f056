%% ScaleBox function-call stub for Erlang (placed after the submitted code, in its module).
%% Reads the call's arguments as tokens on stdin, calls the function and answers on file
%% descriptor 3 (see verification/harness/calls).

main() ->
    Reply =
        try
            Lines = binary:split(scalebox_call_read_all([]), <<"\n">>, [global]),
            {Args, _} = scalebox_call_parse(Lines, 0),
            is_list(Args) orelse scalebox_call_refuse(<<"the arguments are not a list">>),
            [<<"ok\n">> | scalebox_call_emit(scalebox_call_invoke(Args), 0)]
        catch
            throw:{scalebox_call_refusal, Message} ->
                scalebox_call_raised(Message);
            Class:Reason ->
                scalebox_call_raised(io_lib:format("~p: ~0tp", [Class, Reason]))
        end,
    Port = open_port({fd, 0, 3}, [out, binary]),
    port_command(Port, Reply),
    halt(0).

scalebox_call_refuse(Message) -> throw({scalebox_call_refusal, Message}).

scalebox_call_raised(Message) ->
    Bytes = unicode:characters_to_binary(Message),
    [<<"raised ">>, binary:encode_hex(Bytes), <<"\n">>].

scalebox_call_read_all(Acc) ->
    ok = io:setopts(standard_io, [binary]),
    case io:get_chars(standard_io, "", 65536) of
        Data when is_binary(Data) -> scalebox_call_read_all([Data | Acc]);
        eof -> iolist_to_binary(lists:reverse(Acc));
        {error, Reason} -> scalebox_call_refuse(io_lib:format("stdin: ~p", [Reason]))
    end.

scalebox_call_parse(_, Depth) when Depth > 100 ->
    scalebox_call_refuse(<<"the arguments are nested too deeply">>);
scalebox_call_parse([], _) ->
    scalebox_call_refuse(<<"the arguments end too soon">>);
scalebox_call_parse([Line | Rest], Depth) ->
    {Kind, Text} =
        case binary:split(Line, <<" ">>) of
            [K, T] -> {K, T};
            [K] -> {K, <<>>}
        end,
    case Kind of
        <<"n">> -> {null, Rest};
        <<"b">> -> {Text =:= <<"1">>, Rest};
        <<"i">> -> {binary_to_integer(Text), Rest};
        <<"f">> -> {scalebox_call_float(Text), Rest};
        <<"s">> -> {binary:decode_hex(Text), Rest};
        <<"l">> -> scalebox_call_items(binary_to_integer(Text), Rest, Depth + 1, []);
        <<"m">> -> scalebox_call_entries(binary_to_integer(Text), Rest, Depth + 1, #{});
        _ -> scalebox_call_refuse(io_lib:format("unreadable argument token ~p", [Line]))
    end.

%% Python's float text: "1e+300" lacks the ".0" Erlang wants.
scalebox_call_float(Text) ->
    case binary:match(Text, <<".">>) of
        nomatch ->
            case binary:split(Text, <<"e">>) of
                [Mantissa, Exponent] -> binary_to_float(<<Mantissa/binary, ".0e", Exponent/binary>>);
                _ -> scalebox_call_refuse(io_lib:format("the float ~s has no Erlang value", [Text]))
            end;
        _ ->
            binary_to_float(Text)
    end.

scalebox_call_items(0, Rest, _, Acc) ->
    {lists:reverse(Acc), Rest};
scalebox_call_items(N, Rest, Depth, Acc) ->
    {Item, More} = scalebox_call_parse(Rest, Depth),
    scalebox_call_items(N - 1, More, Depth, [Item | Acc]).

scalebox_call_entries(0, Rest, _, Acc) ->
    {Acc, Rest};
scalebox_call_entries(N, Rest, Depth, Acc) ->
    {Key, More} = scalebox_call_parse(Rest, Depth),
    {Value, Last} = scalebox_call_parse(More, Depth),
    scalebox_call_entries(N - 1, Last, Depth, Acc#{Key => Value}).

scalebox_call_emit(_, Depth) when Depth > 100 ->
    scalebox_call_refuse(<<"the returned value is nested too deeply">>);
scalebox_call_emit(null, _) -> <<"n\n">>;
scalebox_call_emit(undefined, _) -> <<"n\n">>;
scalebox_call_emit(true, _) -> <<"b 1\n">>;
scalebox_call_emit(false, _) -> <<"b 0\n">>;
scalebox_call_emit(Value, _) when is_atom(Value) ->
    [<<"s ">>, binary:encode_hex(atom_to_binary(Value, utf8)), <<"\n">>];
scalebox_call_emit(Value, _) when is_integer(Value) ->
    [<<"i ">>, integer_to_binary(Value), <<"\n">>];
scalebox_call_emit(Value, _) when is_float(Value) ->
    [<<"f ">>, float_to_binary(Value, [short]), <<"\n">>];
scalebox_call_emit(Value, _) when is_binary(Value) ->
    [<<"s ">>, binary:encode_hex(Value), <<"\n">>];
scalebox_call_emit(Value, Depth) when is_tuple(Value) ->
    scalebox_call_emit(tuple_to_list(Value), Depth);
scalebox_call_emit(Value, Depth) when is_list(Value) ->
    try length(Value) of
        Count ->
            [<<"l ">>, integer_to_binary(Count), <<"\n">>
             | [scalebox_call_emit(Item, Depth + 1) || Item <- Value]]
    catch
        error:badarg -> scalebox_call_refuse(<<"the function returned an improper list">>)
    end;
scalebox_call_emit(Value, Depth) when is_map(Value) ->
    [<<"m ">>, integer_to_binary(map_size(Value)), <<"\n">>
     | [[scalebox_call_emit(K, Depth + 1), scalebox_call_emit(V, Depth + 1)]
        || {K, V} <- maps:to_list(Value)]];
scalebox_call_emit(Value, _) when is_function(Value) ->
    scalebox_call_refuse(<<"the function returned a fun, not a value">>);
scalebox_call_emit(Value, _) ->
    Kind =
        if
            is_pid(Value) -> <<"a pid">>;
            is_port(Value) -> <<"a port">>;
            is_reference(Value) -> <<"a reference">>;
            true -> <<"a bitstring that is not whole bytes">>
        end,
    scalebox_call_refuse(
        [<<"the function returned ">>, Kind,
         <<"; return integers, floats, binaries, atoms, lists, tuples or maps">>]).
