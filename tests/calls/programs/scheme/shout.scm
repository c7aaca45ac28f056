(define (shout s) (string-append s "!"))
