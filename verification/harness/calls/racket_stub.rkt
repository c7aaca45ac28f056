;; ScaleBox function-call stub for Racket (the body of the solver module, after the
;; submodule scalebox-user that holds the submitted code). Reads the call's arguments as
;; tokens on stdin, calls the function and answers on file descriptor 3 (see
;; verification/harness/calls).
(require ffi/unsafe/port racket/class racket/set)

(define fn-name '@FN_NAME@)
(define arity @ARITY@)

(define (fail fmt . args)
  (raise (exn:fail (apply format fmt args) (current-continuation-marks))))

(define (unhex text)
  (bytes->string/utf-8
   (apply bytes (for/list ([i (in-range 0 (- (string-length text) 1) 2)])
                  (string->number (substring text i (+ i 2)) 16)))
   #\uFFFD))

(define (hex text)
  (apply string-append
         (for/list ([b (in-bytes (string->bytes/utf-8 text))])
           (string-append (if (< b 16) "0" "") (number->string b 16)))))

;; Read before the program is loaded, so nothing it does at load time takes the request.
(define lines
  (for/vector ([line (in-lines (current-input-port) 'linefeed)]) line))
(define pos 0)

;; null is 'null (as the json library has it), lists are lists, objects immutable hash
;; tables with string keys, integers exact, floats flonums.
(define (read-value)
  (unless (< pos (vector-length lines)) (fail "the arguments end too soon"))
  (define line (vector-ref lines pos))
  (set! pos (add1 pos))
  (define text (if (> (string-length line) 2) (substring line 2) ""))
  (define (count) (or (string->number text 10) (fail "bad count ~s" text)))
  (case (if (zero? (string-length line)) #\? (string-ref line 0))
    [(#\n) 'null]
    [(#\b) (equal? text "1")]
    [(#\i) (or (string->number text 10) (fail "bad integer ~s" text))]
    [(#\f) (case text
             [("nan") +nan.0]
             [("inf") +inf.0]
             [("-inf") -inf.0]
             [else (real->double-flonum (string->number text 10))])]
    [(#\s) (unhex text)]
    [(#\l) (for/list ([_ (in-range (count))]) (read-value))]
    [(#\m) (for/fold ([table (hash)]) ([_ (in-range (count))])
             (define key (read-value))
             (hash-set table key (read-value)))]
    [else (fail "unreadable argument token ~s" line)]))

(define (describe v)
  (cond [(procedure? v) "a procedure"]
        [(object? v) "an object"]
        [(class? v) "a class"]
        [(pair? v) "a pair that is not a list"]
        [(symbol? v) (format "the symbol '~a" (symbol->string v))]
        [(keyword? v) "a keyword"]
        [(bytes? v) "a byte string"]
        [(number? v) "a complex number"]
        [else "a structure or another value of no JSON type"]))

(define (float-token x)
  (cond [(eqv? x +nan.0) "f nan"]
        [(eqv? x +inf.0) "f inf"]
        [(eqv? x -inf.0) "f -inf"]
        [else (string-append "f " (number->string x))]))

;; The returned value as tokens: its own methods (printers, equality) are never used.
(define (emit v out depth)
  (define (put s) (write-string s out) (newline out))
  (define (key k)
    (cond [(string? k) (put (string-append "s " (hex k)))]
          [(symbol? k) (put (string-append "s " (hex (symbol->string k))))]
          [(exact-integer? k) (put (format "i ~a" k))]
          [else (fail "the returned hash table has a key that is ~a" (describe k))]))
  (define (items n seq)
    (put (format "l ~a" n))
    (for ([item seq]) (emit item out (add1 depth))))
  (cond
    [(> depth 100) (fail "the returned value is nested too deeply")]
    [(or (eq? v 'null) (void? v)) (put "n")]
    [(boolean? v) (put (if v "b 1" "b 0"))]
    [(exact-integer? v) (put (format "i ~a" v))]
    [(flonum? v) (put (float-token v))]
    [(real? v) (put (float-token (real->double-flonum v)))]
    [(string? v) (put (string-append "s " (hex v)))]
    [(char? v) (put (string-append "s " (hex (string v))))]
    [(list? v) (items (length v) (in-list v))]
    [(vector? v) (items (vector-length v) (in-vector v))]
    [(hash? v)
     (put (format "m ~a" (hash-count v)))
     (for ([(k item) (in-hash v)])
       (key k)
       (emit item out (add1 depth)))]
    [(and (set? v) (not (object? v))) (items (set-count v) (in-list (set->list v)))]
    [else (fail "the function returned ~a, which has no JSON form" (describe v))]))

(define (target)
  (define user
    (module-path-index-join '(submod "." scalebox-user)
                            (variable-reference->module-path-index (#%variable-reference))))
  (define (lookup name) (dynamic-require user name (lambda () #f)))
  (define f (lookup fn-name))
  (define cls (or (lookup 'Solution) (lookup 'solution%)))
  (cond
    [(procedure? f)
     (unless (procedure-arity-includes? f arity)
       (fail "~a does not take ~a arguments" fn-name arity))
     f]
    [(class? cls)
     (unless (method-in-interface? fn-name (class->interface cls))
       (fail "Solution has no method ~a" fn-name))
     (define obj (new cls))
     (lambda args (apply dynamic-send obj fn-name args))]
    [else (fail "the program defines no function ~a" fn-name)]))

(define answer
  (with-handlers ([(lambda (e) #t)
                   (lambda (e)
                     (string-append
                      "raised "
                      (hex (cond [(exn? e) (exn-message e)]
                                 [(or (string? e) (number? e) (symbol? e))
                                  (format "raised the value ~s" e)]
                                 [else (format "raised ~a" (describe e))]))
                      "\n"))])
    (define request (read-value))
    (unless (and (list? request) (= (length request) arity))
      (fail "expected ~a arguments" arity))
    (define result (apply (target) request))
    (define out (open-output-string))
    (emit result out 0)
    (string-append "ok\n" (get-output-string out))))

(define channel (unsafe-file-descriptor->port 3 'answer '(write)))
(void (write-string answer channel))
(flush-output channel)
(close-output-port channel)
