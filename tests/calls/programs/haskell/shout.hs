{-# LANGUAGE ScopedTypeVariables #-}
module Main (main) where

import Debug.Trace (trace)

shout :: String -> String
shout s = s ++ "!"

main :: IO ()
main = do
  putStrLn "shouting"
  putStrLn (shout "hi")
