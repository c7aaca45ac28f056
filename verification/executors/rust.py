from .base import FUNCTION_CALL, STDIN_STDOUT, Executor


class RustExecutor(Executor):
    name = "rust"
    aliases = ("rs",)
    extensions = (".rs",)
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    source_name = "main.rs"
    compile_argv = ("/usr/bin/rustc", "--edition", "2021", "-O", "-o", "main", "main.rs")
    run_argv = ("/prog/main",)
    native_binary = True
    version_argv = ("/usr/bin/rustc", "--version")
    self_test_source = (
        b"use std::io::Read;\nfn main() {\n    let mut s = String::new();\n"
        b"    std::io::stdin().read_to_string(&mut s).unwrap();\n"
        b"    let v: Vec<i64> = s.split_whitespace().map(|x| x.parse().unwrap()).collect();\n"
        b'    println!("{}", v[0] + v[1]);\n}\n'
    )
