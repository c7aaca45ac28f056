(ns shouting.core
  (:require [clojure.string :as str]))

(defn shout [^String s]
  (str/join [s "!"]))
