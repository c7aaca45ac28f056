(define (tally words)
  (let ((counts (make-hash-table)))
    (for-each (lambda (w) (hash-set! counts w (+ 1 (hash-ref counts w 0)))) words)
    counts))
