import Data.List (elemIndex)

find :: [Int] -> Int -> Maybe Int
find xs target = elemIndex target xs
