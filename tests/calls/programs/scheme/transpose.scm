;; Returns a vector of vectors.
(define (transpose grid)
  (list->vector
   (apply map (lambda column (list->vector column)) grid)))
