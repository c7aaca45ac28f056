-- The program's own main leaves with status 0 at once: it must never run.
import System.Exit (exitSuccess)

main :: IO ()
main = exitSuccess

add :: Int -> Int -> Int
add _ _ = 0
