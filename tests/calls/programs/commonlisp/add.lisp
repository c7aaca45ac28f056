(defun add (a b)
  (format t "adding ~d and ~d~%" a b)
  (+ a b))
