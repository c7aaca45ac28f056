;; No #lang line: read as racket. Returns a vector.
(define (scale xs k)
  (for/vector ([x (in-list xs)]) (* x k)))
