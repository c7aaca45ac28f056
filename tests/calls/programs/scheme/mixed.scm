(define (mixed n s) (list n s #t 'null 1.5))
