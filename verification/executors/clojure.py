from .base import FUNCTION_CALL, STDIN_STDOUT, Executor
from .java import JVM_RUN_FLAGS

CLOJURE_JAR = "/usr/share/java/clojure.jar"
_CLOJURE = ("/usr/bin/java", *JVM_RUN_FLAGS, "-cp", CLOJURE_JAR, "clojure.main")

# Reads every form (reader conditionals allowed) without evaluating any.
_CHECK = (
    '(with-open [r (clojure.lang.LineNumberingPushbackReader. (clojure.java.io/reader "main.clj"))]'
    " (loop [] (when-not (identical? r (read {:eof r :read-cond :allow} r)) (recur))))"
)


class ClojureExecutor(Executor):
    """Clojure on the JVM, run from its source after every form has been read."""

    name = "clojure"
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    interpreted = True
    aliases = ("clj",)
    extensions = (".clj",)
    source_name = "main.clj"
    compile_argv = (*_CLOJURE, "-e", _CHECK)
    run_argv = (*_CLOJURE, "/prog/main.clj")
    version_argv = (
        "/usr/bin/java",
        *("-cp", CLOJURE_JAR, "clojure.main", "-e"),
        '(println "Clojure" (clojure-version))',
    )
    min_processes = 64
    self_test_source = (
        b"(let [[a b] (map parse-long (clojure.string/split (clojure.string/trim (slurp *in*)) "
        b'#"\\s+"))]\n  (println (+ a b)))\n'
    )

    def required_binaries(self) -> list[str]:
        return ["/usr/bin/java", "/usr/bin/clojure"]
