(ns solution)

(defn transpose [grid]
  (apply map list grid))
