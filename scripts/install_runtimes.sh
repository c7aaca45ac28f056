#!/bin/sh
# Installs the compilers and interpreters the executors use, from Debian's packages.
# Usage: scripts/install_runtimes.sh            (all languages)
#        SCALEBOX_RUNTIMES="c cpp python" scripts/install_runtimes.sh
set -eu

packages_for() {
    case "$1" in
        python) echo "python3-minimal" ;;
        pypy) echo "pypy3" ;;
        c) echo "gcc libc6-dev" ;;
        cpp) echo "g++" ;;
        java) echo "openjdk-17-jdk-headless" ;;
        kotlin) echo "kotlin openjdk-17-jdk-headless" ;;
        kotlin_script) echo "kotlin openjdk-17-jdk-headless" ;;
        haskell) echo "ghc" ;;
        javascript) echo "nodejs" ;;
        typescript) echo "node-typescript nodejs" ;;
        go) echo "golang-go" ;;
        rust) echo "rustc" ;;
        bash) echo "bash" ;;
        php) echo "php-cli" ;;
        ruby) echo "ruby" ;;
        lua) echo "lua5.4" ;;
        perl) echo "perl" ;;
        csharp) echo "mono-mcs mono-runtime" ;;
        d) echo "gdc" ;;
        r) echo "r-base-core" ;;
        racket) echo "racket" ;;
        scala) echo "scala openjdk-17-jdk-headless" ;;
        verilog) echo "iverilog" ;;
        ada) echo "gnat" ;;
        clojure) echo "clojure openjdk-17-jdk-headless" ;;
        commonlisp) echo "sbcl" ;;
        crystal) echo "crystal libc6-dev" ;;
        elixir) echo "elixir" ;;
        erlang) echo "erlang-base" ;;
        fortran) echo "gfortran" ;;
        nim) echo "nim gcc libc6-dev" ;;
        ocaml) echo "ocaml-nox" ;;
        pascal) echo "fpc" ;;
        prolog) echo "swi-prolog-nox" ;;
        scheme) echo "guile-3.0" ;;
        tcl) echo "tcl8.6" ;;
        *) echo "unknown runtime: $1" >&2; exit 2 ;;
    esac
}

runtimes="${SCALEBOX_RUNTIMES:-python pypy c cpp java kotlin kotlin_script haskell javascript typescript go rust bash php ruby lua perl
    csharp d r racket scala verilog
    ada clojure commonlisp crystal elixir erlang fortran nim ocaml pascal prolog scheme tcl}"
pkgs="bubblewrap"
for r in $runtimes; do
    pkgs="$pkgs $(packages_for "$r")"
done

# Nothing to do when every package is installed already (dpkg -s fails if one is not).
# shellcheck disable=SC2086
if dpkg -s $pkgs >/dev/null 2>&1; then
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# nodejs may already come from another repository; skip it if a node binary exists.
if command -v node >/dev/null 2>&1; then
    pkgs=$(echo "$pkgs" | tr ' ' '\n' | grep -vx nodejs | tr '\n' ' ')
fi
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $pkgs
