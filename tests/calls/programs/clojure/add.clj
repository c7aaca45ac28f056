(ns solution)

(defn add [^long a ^long b]
  (println "adding" a "and" b)
  (+ a b))
