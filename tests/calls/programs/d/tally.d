struct Solution {
    int[string] tally(string[] words) {
        int[string] counts;
        foreach (word; words)
            counts[word]++;
        return counts;
    }
}
