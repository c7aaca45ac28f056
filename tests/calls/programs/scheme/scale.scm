(define (scale xs k)
  (map (lambda (x) (* x k)) xs))
