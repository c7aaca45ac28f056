;; ScaleBox function-call stub for Clojure (placed after the submitted code). Reads the
;; call's arguments as tokens on stdin, calls the function and answers on file descriptor 3
;; (see verification/harness/calls).
(clojure.core/create-ns 'scalebox.call)
(clojure.core/intern 'scalebox.call 'program-ns clojure.core/*ns*)

(ns scalebox.call
  (:import (java.io FileOutputStream)
           (java.nio.charset StandardCharsets)))

(def max-depth 100)

(defn- refuse [message]
  (throw (ex-info message {::refusal true})))

(defn- hex [^String s]
  (apply str (map #(format "%02x" (bit-and % 0xff)) (.getBytes s StandardCharsets/UTF_8))))

(defn- unhex [^String text]
  (let [bytes (byte-array (/ (count text) 2))]
    (dotimes [i (alength bytes)]
      (aset-byte bytes i (unchecked-byte (Integer/parseInt (subs text (* 2 i) (+ 2 (* 2 i))) 16))))
    (String. bytes StandardCharsets/UTF_8)))

(defn- parse-int [^String text]
  (let [n (BigInteger. text)]
    (if (< (.bitLength n) 64) (.longValue n) (bigint n))))

(defn- parse-float [^String text]
  (case text
    "nan" Double/NaN
    "inf" Double/POSITIVE_INFINITY
    "-inf" Double/NEGATIVE_INFINITY
    (Double/parseDouble text)))

(defn- parse
  "The value at the head of `lines` and the lines after it."
  [lines depth]
  (when (> depth max-depth) (refuse "the arguments are nested too deeply"))
  (when (empty? lines) (refuse "the arguments end too soon"))
  (let [^String line (first lines)
        rest-lines (rest lines)
        text (if (> (count line) 2) (subs line 2) "")]
    (case (subs line 0 (min 1 (count line)))
      "n" [nil rest-lines]
      "b" [(= text "1") rest-lines]
      "i" [(parse-int text) rest-lines]
      "f" [(parse-float text) rest-lines]
      "s" [(unhex text) rest-lines]
      "l" (loop [n (parse-long text) items [] more rest-lines]
            (if (zero? n)
              [items more]
              (let [[item more] (parse more (inc depth))]
                (recur (dec n) (conj items item) more))))
      "m" (loop [n (parse-long text) entries {} more rest-lines]
            (if (zero? n)
              [entries more]
              (let [[k more] (parse more (inc depth))
                    [v more] (parse more (inc depth))]
                (recur (dec n) (assoc entries k v) more))))
      (refuse (str "unreadable argument token " (pr-str (subs line 0 (min 40 (count line)))))))))

(defn- emit [value ^StringBuilder out depth]
  (when (> depth max-depth) (refuse "the returned value is nested too deeply"))
  (cond
    (nil? value) (.append out "n\n")
    (instance? Boolean value) (.append out (if value "b 1\n" "b 0\n"))
    (or (instance? Long value) (instance? Integer value) (instance? Short value)
        (instance? Byte value) (instance? clojure.lang.BigInt value)
        (instance? BigInteger value))
    (.append out (str "i " value "\n"))
    (or (instance? Double value) (instance? Float value))
    (let [d (double value)]
      (.append out (cond (Double/isNaN d) "f nan\n"
                         (Double/isInfinite d) (if (pos? d) "f inf\n" "f -inf\n")
                         :else (str "f " (Double/toString d) "\n"))))
    (string? value) (.append out (str "s " (hex value) "\n"))
    (char? value) (.append out (str "s " (hex (str value)) "\n"))
    (keyword? value) (.append out (str "s " (hex (subs (str value) 1)) "\n"))
    (map? value) (do (.append out (str "m " (count value) "\n"))
                     (doseq [[k v] value]
                       (emit k out (inc depth))
                       (emit v out (inc depth))))
    (or (sequential? value) (set? value) (.isArray (class value)))
    (let [items (vec value)]
      (.append out (str "l " (count items) "\n"))
      (doseq [item items] (emit item out (inc depth))))
    (fn? value) (refuse "the function returned a function, not a value")
    :else (refuse (str "the function returned an object of " (.getName (class value))
                       "; return numbers, strings, keywords, booleans, nil, vectors, "
                       "lists, sets or maps"))))

(defn- target
  "The function: `fn-name` in the program's namespace, else in a namespace the program
  made."
  [fn-name]
  (let [sym (symbol fn-name)
        own (fn [ns] (let [v (ns-resolve ns sym)]
                       (when (and (var? v) (= (.-ns ^clojure.lang.Var v) ns) (fn? @v)) @v)))
        made (remove #(or (= % program-ns) (= % *ns*)
                          (re-find #"^clojure\.|^user$|^nrepl\." (name (ns-name %))))
                     (all-ns))]
    (or (some own (cons program-ns made))
        (refuse (str "the program defines no function " fn-name)))))

(defn run [fn-name]
  (let [out (StringBuilder.)
        reply
        (try
          (let [[args] (parse (clojure.string/split (slurp *in*) #"\n") 0)]
            (when-not (vector? args) (refuse "the arguments are not a list"))
            (.append out "ok\n")
            (emit (apply (target fn-name) args) out 0)
            (str out))
          (catch Throwable e
            (str "raised "
                 (hex (if (::refusal (ex-data e))
                        (ex-message e)
                        (str (.getName (class e)) ": " (ex-message e))))
                 "\n")))]
    (with-open [fd3 (FileOutputStream. "/dev/fd/3")]
      (.write fd3 (.getBytes ^String reply StandardCharsets/UTF_8)))
    (flush)
    (.flush System/err)
    (.halt (Runtime/getRuntime) 0)))

(run
