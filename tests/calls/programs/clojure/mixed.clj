(defn mixed [n s]
  [n s true nil 1.5])

(defn -main [& _] (println "main does not run"))
