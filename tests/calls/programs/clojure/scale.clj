(defn scale [xs k]
  (mapv #(* (double %) k) xs))
