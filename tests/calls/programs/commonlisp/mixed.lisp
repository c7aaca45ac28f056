(defun mixed (n s) (vector n s t :null 1.5d0))
