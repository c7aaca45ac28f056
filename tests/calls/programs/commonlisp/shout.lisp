(defclass solution () ())
(defgeneric shout (self s))
(defmethod shout ((self solution) s)
  (concatenate 'string s "!"))
