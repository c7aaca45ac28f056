declare const process: { exit(code: number): never };
function negate(b: boolean): boolean {
  return process.exit(0);
}
