function tally(words: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const w of words) counts[w] = (counts[w] ?? 0) + 1;
  console.log(`${words.length} words`);
  return counts;
}
