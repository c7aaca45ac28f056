using System.Collections.Generic;

static readonly int NotFound = -1;

public static int? find(List<long> xs, long target) {
    int at = xs.IndexOf(target);
    return at == NotFound ? (int?)null : at;
}
