(use-modules (oop goops))
(define-class <solution> ())
(define-method (shout (self <solution>) s)
  (string-append s "!"))
