using System.Collections.Generic;

namespace Counting {
    public class Solution {
        public Dictionary<string, int> tally(string[] words) {
            var counts = new Dictionary<string, int>();
            foreach (var word in words) {
                int seen;
                counts.TryGetValue(word, out seen);
                counts[word] = seen + 1;
            }
            return counts;
        }
    }
}
