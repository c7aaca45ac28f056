(defun transpose (grid)
  (apply #'mapcar #'list grid))
