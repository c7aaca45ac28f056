module Main where

import Data.List (foldl')

scale :: [Double] -> Double -> [Double]
scale xs k = reverse (foldl' (\acc x -> x * k : acc) [] xs)

main :: IO ()
main = print (scale [1, 2] 3)
