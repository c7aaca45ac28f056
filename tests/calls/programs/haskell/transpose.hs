import qualified Data.List as L

transpose :: [[Integer]] -> [[Integer]]
transpose = L.transpose
