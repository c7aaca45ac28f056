(define negate not)
