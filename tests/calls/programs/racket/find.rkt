#lang racket
(define (find xs target)
  (or (index-of xs target) 'null))
