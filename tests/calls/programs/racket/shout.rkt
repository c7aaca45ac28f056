#lang racket/base
(provide shout)
(define (shout s)
  (string-append s "!"))
