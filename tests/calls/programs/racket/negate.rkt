#lang racket
(define Solution
  (class object%
    (super-new)
    (define/public (negate b)
      (not b))))
