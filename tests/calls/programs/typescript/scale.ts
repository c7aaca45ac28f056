function scale(xs: number[], k: number): number[] {
  const out: number[] = [];
  for (const x of xs) out.push(x * k);
  return out;
}
