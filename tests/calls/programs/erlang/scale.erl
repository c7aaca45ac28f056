-module(scaling).
-export([scale/2]).

scale(Xs, K) -> [float(X) * K || X <- Xs].
