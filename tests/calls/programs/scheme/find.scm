(use-modules (srfi srfi-1))
(define (find xs target)
  (or (list-index (lambda (x) (= x target)) xs) 'null))
