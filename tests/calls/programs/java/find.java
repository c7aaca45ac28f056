package judge.answers;

import java.util.List;

public class Finder {
    public static Integer find(List<Long> xs, long target) {
        for (int i = 0; i < xs.size(); i++) {
            if (xs.get(i) == target) {
                return i;
            }
        }
        return null;
    }
}
