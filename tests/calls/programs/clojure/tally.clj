(defn tally [words]
  (frequencies words))
