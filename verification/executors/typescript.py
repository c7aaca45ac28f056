from pathlib import Path

from .base import FUNCTION_CALL, STDIN_STDOUT, Executor

# Transpile only (as ts-node --transpile-only does): Debian ships no Node type
# definitions, so a full type check would reject every program using require or process.
_TRANSPILE = """
const ts = require('typescript');
const fs = require('fs');
const out = ts.transpileModule(fs.readFileSync('main.ts', 'utf8'), {
  reportDiagnostics: true,
  compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS },
});
const errors = (out.diagnostics || []).filter(d => d.category === ts.DiagnosticCategory.Error);
for (const d of errors) {
  const pos = d.file && d.start !== undefined
    ? d.file.getLineAndCharacterOfPosition(d.start) : null;
  const where = pos ? `main.ts(${pos.line + 1},${pos.character + 1}): ` : '';
  console.error(where + ts.flattenDiagnosticMessageText(d.messageText, '\\n'));
}
if (errors.length) process.exit(1);
fs.writeFileSync('main.js', out.outputText);
"""


class TypeScriptExecutor(Executor):
    name = "typescript"
    interpreted = True
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    aliases = ("ts",)
    extensions = (".ts",)
    source_name = "main.ts"
    compile_argv = ("/usr/bin/node", "-e", _TRANSPILE)
    compile_env = (("NODE_PATH", "/usr/share/nodejs"),)
    run_argv = ("/usr/bin/node", "--stack-size=65500", "/prog/main.js")
    version_argv = ("/usr/bin/tsc", "--version")
    min_processes = 32
    self_test_source = (
        b"declare function require(name: string): any;\n"
        b"const input: string = require('fs').readFileSync(0, 'utf8');\n"
        b"const [a, b]: number[] = input.trim().split(/\\s+/).map(Number);\n"
        b"console.log(a + b);\n"
    )

    def required_binaries(self) -> list[str]:
        return ["/usr/bin/node", "/usr/bin/tsc"]

    def compiled_ok(self, staging: Path) -> bool:
        return (staging / "main.js").is_file()
