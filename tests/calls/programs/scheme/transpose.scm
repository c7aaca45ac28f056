;; In a module of its own; returns a vector of vectors.
(define-module (grid))
(define (transpose grid)
  (list->vector
   (apply map (lambda column (list->vector column)) grid)))
