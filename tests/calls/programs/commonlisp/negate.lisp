(defun negate (b) (not b))
