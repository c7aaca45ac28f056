import java.util.HashMap;
import java.util.List;
import java.util.Map;

class Solution {
    public Map<String, Integer> tally(List<String> words) {
        Map<String, Integer> counts = new HashMap<>();
        for (String w : words) {
            counts.merge(w, 1, Integer::sum);
        }
        System.out.println("counted " + words.size() + " words: " + counts);
        return counts;
    }
}
