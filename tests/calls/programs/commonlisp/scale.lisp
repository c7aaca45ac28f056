;; An empty list must come back as a vector: a returned NIL is false.
(defun scale (xs k)
  (map 'vector (lambda (x) (* x k)) xs))
