-- Function calls in Haskell: the classes turn tokens into the function's parameter types
-- and its result back into tokens; the types come from the function's own signature.
import qualified Control.Exception as ScaleboxE
import qualified Data.ByteString as ScaleboxB
import qualified Data.ByteString.Builder as ScaleboxBB
import qualified Data.ByteString.Char8 as ScaleboxB8
import qualified Data.ByteString.Lazy as ScaleboxBL
import qualified Data.Char as ScaleboxC
import qualified Data.Int as ScaleboxI
import qualified Data.Map.Strict as ScaleboxMap
import qualified Data.Set as ScaleboxSet
import qualified Data.Text as ScaleboxT
import qualified Data.Text.Encoding as ScaleboxTE
import qualified GHC.IO.Handle.FD as ScaleboxFD
import qualified System.Exit as ScaleboxX
import qualified System.IO as ScaleboxIO

data ScaleboxValue
  = ScaleboxNull
  | ScaleboxBool Bool
  | ScaleboxInt Integer
  | ScaleboxFloat Double
  | ScaleboxStr String
  | ScaleboxList [ScaleboxValue]
  | ScaleboxMapV [(String, ScaleboxValue)]

scaleboxKind :: ScaleboxValue -> String
scaleboxKind v = case v of
  ScaleboxNull -> "null"
  ScaleboxBool _ -> "a boolean"
  ScaleboxInt _ -> "an integer"
  ScaleboxFloat _ -> "a float"
  ScaleboxStr _ -> "a string"
  ScaleboxList _ -> "a list"
  ScaleboxMapV _ -> "an object"

scaleboxWrong :: String -> ScaleboxValue -> Either String a
scaleboxWrong want v = Left ("expected " ++ want ++ ", got " ++ scaleboxKind v)

class FromToken a where
  fromToken :: ScaleboxValue -> Either String a
  fromTokenList :: ScaleboxValue -> Either String [a]
  fromTokenList (ScaleboxList xs) = mapM fromToken xs
  fromTokenList v = scaleboxWrong "a list" v

class ToToken a where
  toToken :: a -> Either String ScaleboxValue
  toTokenList :: [a] -> Either String ScaleboxValue
  toTokenList xs = ScaleboxList <$> mapM toToken xs

scaleboxBounded :: (Bounded a, Integral a) => String -> a -> ScaleboxValue -> Either String a
scaleboxBounded name lo (ScaleboxInt n)
  | n < toInteger (minBound `asTypeOf` lo) || n > toInteger (maxBound `asTypeOf` lo) =
      Left (show n ++ " is out of range for " ++ name)
  | otherwise = Right (fromInteger n)
scaleboxBounded _ _ v = scaleboxWrong "an integer" v

instance FromToken Int where fromToken = scaleboxBounded "Int" 0
instance FromToken ScaleboxI.Int64 where fromToken = scaleboxBounded "Int64" 0
instance FromToken ScaleboxI.Int32 where fromToken = scaleboxBounded "Int32" 0
instance FromToken Integer where
  fromToken (ScaleboxInt n) = Right n
  fromToken v = scaleboxWrong "an integer" v
instance FromToken Double where
  fromToken (ScaleboxFloat x) = Right x
  fromToken (ScaleboxInt n) = Right (fromInteger n)
  fromToken v = scaleboxWrong "a number" v
instance FromToken Bool where
  fromToken (ScaleboxBool b) = Right b
  fromToken v = scaleboxWrong "a boolean" v
instance FromToken Char where
  fromToken (ScaleboxStr [c]) = Right c
  fromToken v = scaleboxWrong "a string of one character" v
  fromTokenList (ScaleboxStr s) = Right s
  fromTokenList v = scaleboxWrong "a string" v
instance FromToken a => FromToken [a] where fromToken = fromTokenList
instance FromToken a => FromToken (Maybe a) where
  fromToken ScaleboxNull = Right Nothing
  fromToken v = Just <$> fromToken v
instance (Ord a, FromToken a) => FromToken (ScaleboxSet.Set a) where
  fromToken v = ScaleboxSet.fromList <$> fromToken v
instance FromToken v => FromToken (ScaleboxMap.Map String v) where
  fromToken (ScaleboxMapV kvs) = ScaleboxMap.fromList <$> mapM (\(k, x) -> (,) k <$> fromToken x) kvs
  fromToken v = scaleboxWrong "an object" v
instance (FromToken a, FromToken b) => FromToken (a, b) where
  fromToken (ScaleboxList [a, b]) = (,) <$> fromToken a <*> fromToken b
  fromToken v = scaleboxWrong "a list of 2 items" v
instance (FromToken a, FromToken b, FromToken c) => FromToken (a, b, c) where
  fromToken (ScaleboxList [a, b, c]) = (,,) <$> fromToken a <*> fromToken b <*> fromToken c
  fromToken v = scaleboxWrong "a list of 3 items" v

instance ToToken Int where toToken = Right . ScaleboxInt . toInteger
instance ToToken ScaleboxI.Int64 where toToken = Right . ScaleboxInt . toInteger
instance ToToken ScaleboxI.Int32 where toToken = Right . ScaleboxInt . toInteger
instance ToToken Integer where toToken = Right . ScaleboxInt
instance ToToken Double where toToken = Right . ScaleboxFloat
instance ToToken Bool where toToken = Right . ScaleboxBool
instance ToToken Char where
  toToken c = Right (ScaleboxStr [c])
  toTokenList s = Right (ScaleboxStr s)
instance ToToken a => ToToken [a] where toToken = toTokenList
instance ToToken a => ToToken (Maybe a) where
  toToken = maybe (Right ScaleboxNull) toToken
instance ToToken a => ToToken (ScaleboxSet.Set a) where
  toToken = toToken . ScaleboxSet.toAscList
instance ToToken v => ToToken (ScaleboxMap.Map String v) where
  toToken m = ScaleboxMapV <$> mapM (\(k, x) -> (,) k <$> toToken x) (ScaleboxMap.toAscList m)
instance (ToToken a, ToToken b) => ToToken (a, b) where
  toToken (a, b) = (\x y -> ScaleboxList [x, y]) <$> toToken a <*> toToken b
instance (ToToken a, ToToken b, ToToken c) => ToToken (a, b, c) where
  toToken (a, b, c) = (\x y z -> ScaleboxList [x, y, z]) <$> toToken a <*> toToken b <*> toToken c

-- | A function of any arity: each parameter's type picks its conversion.
class ScaleboxCallable f where
  scaleboxApply :: Int -> f -> [ScaleboxValue] -> Either String (IO ScaleboxValue)

instance {-# OVERLAPPING #-} (FromToken a, ScaleboxCallable r) => ScaleboxCallable (a -> r) where
  scaleboxApply i f (x : xs) = case fromToken x of
    Left why -> Left ("argument " ++ show (i + 1) ++ ": " ++ why)
    Right a -> scaleboxApply (i + 1) (f a) xs
  scaleboxApply i _ [] = Left ("the function takes more than the " ++ show i ++ " arguments passed")

instance {-# OVERLAPPING #-} ToToken r => ScaleboxCallable (IO r) where
  scaleboxApply i act xs
    | null xs = Right (act >>= either (ScaleboxE.throwIO . ScaleboxE.ErrorCall) pure . toToken)
    | otherwise = Left ("the function takes " ++ show i ++ " arguments, not " ++ show (i + length xs))

instance {-# OVERLAPPABLE #-} ToToken r => ScaleboxCallable r where
  scaleboxApply i r xs
    | null xs = Right (either (ScaleboxE.throwIO . ScaleboxE.ErrorCall) pure (toToken r))
    | otherwise = Left ("the function takes " ++ show i ++ " arguments, not " ++ show (i + length xs))

scaleboxParse :: [ScaleboxB.ByteString] -> Either String (ScaleboxValue, [ScaleboxB.ByteString])
scaleboxParse [] = Left "the arguments ended early"
scaleboxParse (line : rest) = case ScaleboxB8.unpack (ScaleboxB.take 1 line) of
  "n" -> Right (ScaleboxNull, rest)
  "b" -> Right (ScaleboxBool (text == "1"), rest)
  "i" -> Right (ScaleboxInt (read text), rest)
  "f" -> Right (ScaleboxFloat (scaleboxDouble text), rest)
  "s" -> (\s -> (ScaleboxStr s, rest)) <$> scaleboxUnhex text
  "l" -> do
    (items, rest') <- scaleboxMany (read text) rest
    Right (ScaleboxList items, rest')
  "m" -> do
    (items, rest') <- scaleboxMany (2 * read text) rest
    let pairs (ScaleboxStr k : v : more) = (k, v) : pairs more
        pairs _ = []
    Right (ScaleboxMapV (pairs items), rest')
  _ -> Left "unreadable arguments"
  where
    text = ScaleboxB8.unpack (ScaleboxB.drop 2 line)

scaleboxMany :: Int -> [ScaleboxB.ByteString] -> Either String ([ScaleboxValue], [ScaleboxB.ByteString])
scaleboxMany 0 rest = Right ([], rest)
scaleboxMany n rest = do
  (v, rest') <- scaleboxParse rest
  (vs, rest'') <- scaleboxMany (n - 1) rest'
  Right (v : vs, rest'')

scaleboxDouble :: String -> Double
scaleboxDouble "nan" = 0 / 0
scaleboxDouble "inf" = 1 / 0
scaleboxDouble "-inf" = -1 / 0
scaleboxDouble t = case reads (scaleboxFix t) of
  [(x, "")] -> x
  _ -> 0 / 0
  where
    -- Haskell reads neither "1." nor ".5" nor "1e5" without a digit around the point.
    scaleboxFix s = let (sign, body) = span (== '-') s in sign ++ scaleboxMantissa body
    scaleboxMantissa b =
      let (m, e) = break (`elem` "eE") b
          m' = if '.' `elem` m then m else m ++ ".0"
          m'' = if take 1 m' == "." then '0' : m' else m'
       in m'' ++ e

scaleboxUnhex :: String -> Either String String
scaleboxUnhex hex = case ScaleboxTE.decodeUtf8' (ScaleboxB.pack (bytes hex)) of
  Right t -> Right (ScaleboxT.unpack t)
  Left _ -> Left "a string is not UTF-8"
  where
    bytes (a : b : more) = fromIntegral (ScaleboxC.digitToInt a * 16 + ScaleboxC.digitToInt b) : bytes more
    bytes _ = []

scaleboxEncode :: ScaleboxValue -> ScaleboxBB.Builder
scaleboxEncode v = case v of
  ScaleboxNull -> line "n" mempty
  ScaleboxBool b -> line "b " (ScaleboxBB.string7 (if b then "1" else "0"))
  ScaleboxInt n -> line "i " (ScaleboxBB.integerDec n)
  ScaleboxFloat x -> line "f " (ScaleboxBB.string7 (scaleboxShowDouble x))
  ScaleboxStr s -> line "s " (str s)
  ScaleboxList xs -> line "l " (ScaleboxBB.intDec (length xs)) <> foldMap scaleboxEncode xs
  ScaleboxMapV kvs ->
    line "m " (ScaleboxBB.intDec (length kvs))
      <> foldMap (\(k, x) -> line "s " (str k) <> scaleboxEncode x) kvs
  where
    line h body = ScaleboxBB.string7 h <> body <> ScaleboxBB.char7 '\n'
    str s = ScaleboxBB.byteStringHex (ScaleboxTE.encodeUtf8 (ScaleboxT.pack s))

scaleboxShowDouble :: Double -> String
scaleboxShowDouble x
  | isNaN x = "nan"
  | isInfinite x = if x > 0 then "inf" else "-inf"
  | otherwise = show x

scaleboxAnswer :: ScaleboxBB.Builder -> IO ()
scaleboxAnswer b = do
  out <- ScaleboxFD.fdToHandle 3
  ScaleboxIO.hSetBinaryMode out True
  ScaleboxBL.hPut out (ScaleboxBB.toLazyByteString b)
  ScaleboxIO.hClose out
  ScaleboxX.exitSuccess

scaleboxRaise :: String -> IO ()
scaleboxRaise why =
  scaleboxAnswer (ScaleboxBB.string7 "raised " <> ScaleboxBB.byteStringHex (ScaleboxTE.encodeUtf8 (ScaleboxT.pack why)) <> ScaleboxBB.char7 '\n')

scaleboxRun :: ScaleboxCallable f => f -> IO ()
scaleboxRun f = do
  request <- ScaleboxB.getContents
  case scaleboxParse (ScaleboxB8.lines request) of
    Right (ScaleboxList args, _) -> case scaleboxApply 0 f args of
      Left why -> scaleboxRaise why
      Right act -> do
        result <- ScaleboxE.try (act >>= \v -> let b = ScaleboxBL.toStrict (ScaleboxBB.toLazyByteString (scaleboxEncode v)) in ScaleboxE.evaluate (ScaleboxB.length b) >> pure b)
        case result of
          Left e -> scaleboxRaise (ScaleboxE.displayException (e :: ScaleboxE.SomeException))
          Right b -> scaleboxAnswer (ScaleboxBB.string7 "ok\n" <> ScaleboxBB.byteString b)
    Right _ -> scaleboxRaise "the arguments are not a list"
    Left why -> scaleboxRaise why
