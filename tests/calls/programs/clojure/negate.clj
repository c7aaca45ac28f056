(defn negate [b] (not b))
