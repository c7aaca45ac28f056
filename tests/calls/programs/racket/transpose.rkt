#lang racket
(define/contract (transpose grid)
  (-> (listof (listof exact-integer?)) (listof (listof exact-integer?)))
  (apply map list grid))
