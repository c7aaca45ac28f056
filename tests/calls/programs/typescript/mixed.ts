type Item = number | string | boolean | null;

function mixed(n: number, s: string): Item[] {
  return [n, s, true, null, 1.5];
}
