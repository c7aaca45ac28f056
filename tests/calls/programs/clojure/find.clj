(defn find [xs target]
  (first (keep-indexed (fn [i x] (when (= x target) i)) xs)))
