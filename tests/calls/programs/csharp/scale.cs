using System.Collections.Generic;
using System.Linq;

public class Solution {
    public List<double> scale(IList<double> xs, double k) {
        return xs.Select(x => x * k).ToList();
    }
}
