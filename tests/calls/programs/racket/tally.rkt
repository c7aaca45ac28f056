#lang racket
(define (tally words)
  (printf "counting ~a words\n" (length words))
  (for/fold ([counts (hash)]) ([w words])
    (hash-update counts w add1 0)))
(module+ main
  (displayln "never run"))
