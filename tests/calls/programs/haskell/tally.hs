import qualified Data.Map as Map

tally :: [String] -> IO (Map.Map String Int)
tally words' = do
  putStrLn ("counted " ++ show (length words') ++ " words")
  return (Map.fromListWith (+) [(w, 1) | w <- words'])
