(defun tally (words)
  (let ((counts (make-hash-table :test 'equal)))
    (dolist (w words counts)
      (incf (gethash w counts 0)))))
