"""C++ compile time with and without the precompiled standard headers.

Usage: .venv/bin/python benchmarks/compile.py [--rounds 3] [--write]

Twenty-two competitive-programming programs of the kind LLMs write (union-find, segment
and Fenwick trees, Dijkstra, DP, string hashing, KMP, LCA, ...; most include
``<bits/stdc++.h>``, some name their headers, one puts ``#pragma GCC optimize`` first, which
keeps g++ from using a precompiled header) are compiled through ``CppExecutor.compile``
with the precompiled headers (``SCALEBOX_CPP_PCH=1``) and without (``=0``), in alternating
rounds (the order of the two flips each round). Each compile is of a source made new by a
comment, so the compile cache never answers. Wall time is that of ``compile`` (the
sandbox's start included); CPU is that of this process's children, the sandboxed
compiler among them. Every program is run once per mode on a sample and its answer
checked. The precompiled headers are built first (their build time is reported), in a
cache directory of the benchmark's own, removed after.

``--write`` replaces the "## C++ compile" section of RESULTS.md and writes
benchmarks/compile_results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from verification.executors import executor_for  # noqa: E402
from verification.executors.cpp import PCH_SWITCH, PRECOMPILED_HEADERS, CppExecutor  # noqa: E402
from verification.sandbox import Limits, RunStatus  # noqa: E402
from verification.sandbox.fastpath import close_zygotes  # noqa: E402

LIMITS = Limits(cpu_time_s=5.0, wall_time_s=10.0, memory_bytes=512 << 20, output_bytes=1 << 20)

# (name, source, sample input, expected output)
PROGRAMS: list[tuple[str, str, str, str]] = [
    (
        "dsu-components",
        r"""#include <bits/stdc++.h>
using namespace std;

struct DSU {
    vector<int> parent, sz;
    DSU(int n) : parent(n), sz(n, 1) { iota(parent.begin(), parent.end(), 0); }
    int find(int x) {
        while (parent[x] != x) { parent[x] = parent[parent[x]]; x = parent[x]; }
        return x;
    }
    bool unite(int a, int b) {
        a = find(a); b = find(b);
        if (a == b) return false;
        if (sz[a] < sz[b]) swap(a, b);
        parent[b] = a; sz[a] += sz[b];
        return true;
    }
};

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n, m;
    cin >> n >> m;
    DSU dsu(n);
    int components = n, largest = 1;
    for (int i = 0; i < m; i++) {
        int a, b;
        cin >> a >> b;
        if (dsu.unite(a - 1, b - 1)) components--;
        largest = max(largest, dsu.sz[dsu.find(a - 1)]);
        cout << components << " " << largest << "\n";
    }
    return 0;
}
""",
        "5 4\n1 2\n3 4\n2 3\n1 4\n",
        "4 2\n3 2\n2 4\n2 4\n",
    ),
    (
        "segment-tree-sum",
        r"""#include <bits/stdc++.h>
using namespace std;
typedef long long ll;

class SegmentTree {
    int n;
    vector<ll> tree;
public:
    SegmentTree(const vector<ll>& a) : n(a.size()), tree(2 * a.size()) {
        for (int i = 0; i < n; i++) tree[n + i] = a[i];
        for (int i = n - 1; i > 0; i--) tree[i] = tree[2 * i] + tree[2 * i + 1];
    }
    void update(int pos, ll value) {
        for (tree[pos += n] = value; pos > 1; pos >>= 1) tree[pos >> 1] = tree[pos] + tree[pos ^ 1];
    }
    ll query(int l, int r) {  // [l, r)
        ll res = 0;
        for (l += n, r += n; l < r; l >>= 1, r >>= 1) {
            if (l & 1) res += tree[l++];
            if (r & 1) res += tree[--r];
        }
        return res;
    }
};

int main() {
    int n, q;
    scanf("%d %d", &n, &q);
    vector<ll> a(n);
    for (auto& x : a) scanf("%lld", &x);
    SegmentTree st(a);
    while (q--) {
        int type;
        scanf("%d", &type);
        if (type == 1) {
            int i; ll v;
            scanf("%d %lld", &i, &v);
            st.update(i - 1, v);
        } else {
            int l, r;
            scanf("%d %d", &l, &r);
            printf("%lld\n", st.query(l - 1, r));
        }
    }
}
""",
        "5 4\n1 2 3 4 5\n2 1 5\n1 3 10\n2 2 4\n2 3 3\n",
        "15\n16\n10\n",
    ),
    (
        "dijkstra",
        r"""#include <bits/stdc++.h>
using namespace std;

const long long INF = LLONG_MAX;

int main() {
    ios_base::sync_with_stdio(false);
    cin.tie(NULL);
    int n, m;
    cin >> n >> m;
    vector<vector<pair<int, long long>>> adj(n + 1);
    for (int i = 0; i < m; i++) {
        int u, v; long long w;
        cin >> u >> v >> w;
        adj[u].push_back({v, w});
        adj[v].push_back({u, w});
    }
    vector<long long> dist(n + 1, INF);
    priority_queue<pair<long long, int>, vector<pair<long long, int>>, greater<>> pq;
    dist[1] = 0;
    pq.push({0, 1});
    while (!pq.empty()) {
        auto [d, u] = pq.top();
        pq.pop();
        if (d > dist[u]) continue;
        for (auto& [v, w] : adj[u]) {
            if (dist[u] + w < dist[v]) {
                dist[v] = dist[u] + w;
                pq.push({dist[v], v});
            }
        }
    }
    for (int i = 1; i <= n; i++) cout << (dist[i] == INF ? -1 : dist[i]) << " \n"[i == n];
    return 0;
}
""",
        "5 6\n1 2 4\n1 3 1\n3 2 2\n2 4 5\n3 4 8\n4 5 3\n",
        "0 3 1 8 11\n",
    ),
    (
        "lis",
        r"""#include <bits/stdc++.h>
using namespace std;

int main() {
    int n;
    cin >> n;
    vector<int> a(n);
    for (int i = 0; i < n; i++) cin >> a[i];
    vector<int> tails;
    for (int x : a) {
        auto it = lower_bound(tails.begin(), tails.end(), x);
        if (it == tails.end()) tails.push_back(x);
        else *it = x;
    }
    cout << tails.size() << endl;
    return 0;
}
""",
        "8\n10 9 2 5 3 7 101 18\n",
        "4\n",
    ),
    (
        "string-hashing",
        r"""#include <bits/stdc++.h>
using namespace std;
using ull = unsigned long long;

const ull MOD = (1ULL << 61) - 1;
const ull BASE = 131;

ull mulmod(ull a, ull b) {
    __uint128_t r = (__uint128_t)a * b;
    ull lo = (ull)(r & MOD), hi = (ull)(r >> 61);
    ull s = lo + hi;
    return s >= MOD ? s - MOD : s;
}

int main() {
    string s;
    int k;
    cin >> s >> k;
    int n = s.size();
    vector<ull> h(n + 1, 0), pw(n + 1, 1);
    for (int i = 0; i < n; i++) {
        h[i + 1] = (mulmod(h[i], BASE) + (ull)s[i]) % MOD;
        pw[i + 1] = mulmod(pw[i], BASE);
    }
    auto get = [&](int l, int r) {  // hash of s[l, r)
        ull v = h[r] + MOD - mulmod(h[l], pw[r - l]);
        return v >= MOD ? v - MOD : v;
    };
    unordered_set<ull> seen;
    for (int i = 0; i + k <= n; i++) seen.insert(get(i, i + k));
    cout << seen.size() << "\n";
}
""",
        "abababcab 3\n",
        "5\n",
    ),
    (
        "fenwick-inversions",
        r"""#include <bits/stdc++.h>
using namespace std;
#define int long long

struct Fenwick {
    int n;
    vector<int> bit;
    Fenwick(int n) : n(n), bit(n + 1, 0) {}
    void add(int i, int v) { for (; i <= n; i += i & -i) bit[i] += v; }
    int sum(int i) { int s = 0; for (; i > 0; i -= i & -i) s += bit[i]; return s; }
};

signed main() {
    int n;
    cin >> n;
    vector<int> a(n);
    for (auto& x : a) cin >> x;
    vector<int> sorted_a = a;
    sort(sorted_a.begin(), sorted_a.end());
    sorted_a.erase(unique(sorted_a.begin(), sorted_a.end()), sorted_a.end());
    Fenwick fw(sorted_a.size());
    int inversions = 0;
    for (int i = n - 1; i >= 0; i--) {
        int r = lower_bound(sorted_a.begin(), sorted_a.end(), a[i]) - sorted_a.begin() + 1;
        inversions += fw.sum(r - 1);
        fw.add(r, 1);
    }
    cout << inversions << endl;
}
""",
        "6\n3 1 2 6 5 4\n",
        "5\n",
    ),
    (
        "kmp-occurrences",
        r"""#include <iostream>
#include <string>
#include <vector>

using namespace std;

vector<int> prefix_function(const string& s) {
    int n = s.length();
    vector<int> pi(n);
    for (int i = 1; i < n; i++) {
        int j = pi[i - 1];
        while (j > 0 && s[i] != s[j]) j = pi[j - 1];
        if (s[i] == s[j]) j++;
        pi[i] = j;
    }
    return pi;
}

int main() {
    string text, pattern;
    cin >> text >> pattern;
    string combined = pattern + "#" + text;
    vector<int> pi = prefix_function(combined);
    vector<int> positions;
    for (int i = pattern.size() + 1; i < (int)combined.size(); i++) {
        if (pi[i] == (int)pattern.size()) positions.push_back(i - 2 * pattern.size() + 1);
    }
    cout << positions.size() << "\n";
    for (int p : positions) cout << p << " ";
    cout << "\n";
    return 0;
}
""",
        "abacabadabacaba aba\n",
        "4\n1 5 9 13 \n",
    ),
    (
        "sieve-factorize",
        r"""#include <cstdio>
#include <vector>

int main() {
    const int MAXN = 1000001;
    std::vector<int> spf(MAXN, 0);
    for (int i = 2; i < MAXN; i++) {
        if (spf[i] == 0) {
            for (long long j = i; j < MAXN; j += i)
                if (spf[j] == 0) spf[j] = i;
        }
    }
    int q;
    scanf("%d", &q);
    while (q--) {
        int x;
        scanf("%d", &x);
        bool first = true;
        while (x > 1) {
            printf(first ? "%d" : " %d", spf[x]);
            first = false;
            x /= spf[x];
        }
        printf("\n");
    }
    return 0;
}
""",
        "3\n12\n97\n360\n",
        "2 2 3\n97\n2 2 2 3 3 5\n",
    ),
    (
        "knapsack",
        r"""#include <bits/stdc++.h>
using namespace std;

int main() {
    int n, W;
    cin >> n >> W;
    vector<int> w(n), v(n);
    for (int i = 0; i < n; ++i) cin >> w[i] >> v[i];
    vector<long long> dp(W + 1, 0);
    for (int i = 0; i < n; ++i)
        for (int c = W; c >= w[i]; --c)
            dp[c] = max(dp[c], dp[c - w[i]] + v[i]);
    cout << *max_element(dp.begin(), dp.end()) << '\n';
    return 0;
}
""",
        "4 7\n1 1\n3 4\n4 5\n5 7\n",
        "9\n",
    ),
    (
        "grid-bfs",
        r"""#include <bits/stdc++.h>
using namespace std;

int main() {
    int h, w;
    cin >> h >> w;
    vector<string> g(h);
    for (auto& row : g) cin >> row;
    vector<vector<int>> dist(h, vector<int>(w, -1));
    queue<pair<int, int>> q;
    q.emplace(0, 0);
    dist[0][0] = 0;
    const int dr[] = {1, -1, 0, 0}, dc[] = {0, 0, 1, -1};
    while (!q.empty()) {
        auto [r, c] = q.front();
        q.pop();
        for (int d = 0; d < 4; d++) {
            int nr = r + dr[d], nc = c + dc[d];
            if (nr < 0 || nr >= h || nc < 0 || nc >= w) continue;
            if (g[nr][nc] == '#' || dist[nr][nc] != -1) continue;
            dist[nr][nc] = dist[r][c] + 1;
            q.emplace(nr, nc);
        }
    }
    cout << dist[h - 1][w - 1] << endl;
}
""",
        "4 5\n..#..\n.##.#\n.....\n###..\n",
        "7\n",
    ),
    (
        "topological-sort",
        r"""#include <bits/stdc++.h>
using namespace std;

int main() {
    int n, m;
    cin >> n >> m;
    vector<vector<int>> g(n + 1);
    vector<int> indeg(n + 1, 0);
    for (int i = 0; i < m; i++) {
        int a, b;
        cin >> a >> b;
        g[a].push_back(b);
        indeg[b]++;
    }
    priority_queue<int, vector<int>, greater<int>> pq;
    for (int i = 1; i <= n; i++)
        if (indeg[i] == 0) pq.push(i);
    vector<int> order;
    while (!pq.empty()) {
        int u = pq.top(); pq.pop();
        order.push_back(u);
        for (int v : g[u])
            if (--indeg[v] == 0) pq.push(v);
    }
    if ((int)order.size() != n) {
        cout << "IMPOSSIBLE" << endl;
        return 0;
    }
    for (int x : order) cout << x << ' ';
    cout << endl;
}
""",
        "5 4\n3 1\n1 2\n4 2\n5 4\n",
        "3 1 5 4 2 \n",
    ),
    (
        "lca-binary-lifting",
        r"""#include <bits/stdc++.h>
using namespace std;

const int LOG = 18;
vector<int> adj[200005];
int up[200005][LOG], depth_[200005];

void dfs(int root) {
    stack<pair<int, int>> st;
    st.push({root, root});
    while (!st.empty()) {
        auto [v, p] = st.top(); st.pop();
        up[v][0] = p;
        for (int j = 1; j < LOG; j++) up[v][j] = up[up[v][j - 1]][j - 1];
        for (int u : adj[v]) if (u != p) { depth_[u] = depth_[v] + 1; st.push({u, v}); }
    }
}

int lca(int a, int b) {
    if (depth_[a] < depth_[b]) swap(a, b);
    int diff = depth_[a] - depth_[b];
    for (int j = 0; j < LOG; j++) if (diff >> j & 1) a = up[a][j];
    if (a == b) return a;
    for (int j = LOG - 1; j >= 0; j--)
        if (up[a][j] != up[b][j]) { a = up[a][j]; b = up[b][j]; }
    return up[a][0];
}

int main() {
    ios::sync_with_stdio(0); cin.tie(0);
    int n, q;
    cin >> n >> q;
    for (int i = 0; i < n - 1; i++) {
        int a, b; cin >> a >> b;
        adj[a].push_back(b); adj[b].push_back(a);
    }
    dfs(1);
    while (q--) {
        int a, b; cin >> a >> b;
        int c = lca(a, b);
        cout << c << ' ' << depth_[a] + depth_[b] - 2 * depth_[c] << '\n';
    }
}
""",
        "7 3\n1 2\n1 3\n2 4\n2 5\n3 6\n5 7\n4 7\n6 7\n1 1\n",
        "2 3\n1 5\n1 0\n",
    ),
    (
        "matrix-power-fibonacci",
        r"""#include <bits/stdc++.h>
using namespace std;
using ll = long long;
const ll MOD = 1e9 + 7;
using Matrix = array<array<ll, 2>, 2>;

Matrix mul(const Matrix& a, const Matrix& b) {
    Matrix c{};
    for (int i = 0; i < 2; i++)
        for (int k = 0; k < 2; k++)
            for (int j = 0; j < 2; j++) c[i][j] = (c[i][j] + a[i][k] * b[k][j]) % MOD;
    return c;
}

Matrix power(Matrix base, ll e) {
    Matrix result{{{1, 0}, {0, 1}}};
    while (e > 0) {
        if (e & 1) result = mul(result, base);
        base = mul(base, base);
        e >>= 1;
    }
    return result;
}

int main() {
    int t;
    cin >> t;
    while (t--) {
        ll n;
        cin >> n;
        Matrix m{{{1, 1}, {1, 0}}};
        cout << power(m, n)[0][1] << "\n";
    }
}
""",
        "3\n10\n50\n1000000000000\n",
        "55\n586268941\n730695249\n",
    ),
    (
        "z-function",
        r"""#include <iostream>
#include <vector>
#include <string>
#include <algorithm>
using namespace std;

vector<int> z_function(const string& s) {
    int n = (int)s.size();
    vector<int> z(n);
    for (int i = 1, l = 0, r = 0; i < n; ++i) {
        if (i < r) z[i] = min(r - i, z[i - l]);
        while (i + z[i] < n && s[z[i]] == s[i + z[i]]) ++z[i];
        if (i + z[i] > r) l = i, r = i + z[i];
    }
    return z;
}

int main() {
    string s;
    cin >> s;
    vector<int> z = z_function(s);
    int n = s.size();
    int period = n;
    for (int p = 1; p < n; ++p) {
        if (n % p == 0 && z[p] == n - p) { period = p; break; }
    }
    cout << period << '\n';
    for (int i = 0; i < n; ++i) cout << z[i] << (i + 1 < n ? ' ' : '\n');
}
""",
        "abcabcabc\n",
        "3\n0 0 0 6 0 0 3 0 0\n",
    ),
    (
        "sparse-table-rmq",
        r"""#include <bits/stdc++.h>
using namespace std;

template <typename T, class F = function<T(const T&, const T&)>>
struct SparseTable {
    vector<vector<T>> st;
    F f;
    SparseTable(const vector<T>& a, F f) : f(f) {
        int n = a.size(), K = __lg(n) + 1;
        st.assign(K, vector<T>(n));
        st[0] = a;
        for (int k = 1; k < K; k++)
            for (int i = 0; i + (1 << k) <= n; i++)
                st[k][i] = f(st[k - 1][i], st[k - 1][i + (1 << (k - 1))]);
    }
    T query(int l, int r) const {  // inclusive
        int k = __lg(r - l + 1);
        return f(st[k][l], st[k][r - (1 << k) + 1]);
    }
};

int main() {
    int n, q;
    scanf("%d%d", &n, &q);
    vector<int> a(n);
    for (auto& x : a) scanf("%d", &x);
    SparseTable<int> mn(a, [](const int& x, const int& y) { return min(x, y); });
    SparseTable<int> mx(a, [](const int& x, const int& y) { return max(x, y); });
    while (q--) {
        int l, r;
        scanf("%d%d", &l, &r);
        printf("%d %d\n", mn.query(l, r), mx.query(l, r));
    }
}
""",
        "6 3\n5 2 8 1 9 3\n0 2\n1 4\n3 5\n",
        "2 8\n1 9\n1 9\n",
    ),
    (
        "floyd-warshall-pragmas",
        r"""#pragma GCC optimize("O3,unroll-loops")
#pragma GCC target("avx2,popcnt")
#include <bits/stdc++.h>
using namespace std;

const long long INF = 1e18;

int main() {
    int n, m, q;
    cin >> n >> m >> q;
    vector<vector<long long>> d(n + 1, vector<long long>(n + 1, INF));
    for (int i = 1; i <= n; i++) d[i][i] = 0;
    for (int i = 0; i < m; i++) {
        int a, b; long long c;
        cin >> a >> b >> c;
        d[a][b] = min(d[a][b], c);
        d[b][a] = min(d[b][a], c);
    }
    for (int k = 1; k <= n; k++)
        for (int i = 1; i <= n; i++)
            for (int j = 1; j <= n; j++)
                if (d[i][k] < INF && d[k][j] < INF) d[i][j] = min(d[i][j], d[i][k] + d[k][j]);
    while (q--) {
        int a, b;
        cin >> a >> b;
        cout << (d[a][b] >= INF ? -1 : d[a][b]) << "\n";
    }
}
""",
        "4 3 3\n1 2 5\n2 3 2\n1 3 9\n1 3\n3 1\n1 4\n",
        "7\n7\n-1\n",
    ),
    (
        "convex-hull",
        r"""#include <bits/stdc++.h>
using namespace std;
typedef long long ll;

struct P {
    ll x, y;
    bool operator<(const P& o) const { return tie(x, y) < tie(o.x, o.y); }
};

ll cross(const P& o, const P& a, const P& b) {
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

vector<P> hull(vector<P> pts) {
    sort(pts.begin(), pts.end());
    pts.erase(unique(pts.begin(), pts.end(), [](const P& a, const P& b) {
        return a.x == b.x && a.y == b.y;
    }), pts.end());
    if (pts.size() < 3) return pts;
    vector<P> h(2 * pts.size());
    int k = 0;
    for (size_t i = 0; i < pts.size(); i++) {
        while (k >= 2 && cross(h[k - 2], h[k - 1], pts[i]) <= 0) k--;
        h[k++] = pts[i];
    }
    for (int i = (int)pts.size() - 2, t = k + 1; i >= 0; i--) {
        while (k >= t && cross(h[k - 2], h[k - 1], pts[i]) <= 0) k--;
        h[k++] = pts[i];
    }
    h.resize(k - 1);
    return h;
}

int main() {
    int n;
    cin >> n;
    vector<P> pts(n);
    for (auto& p : pts) cin >> p.x >> p.y;
    auto h = hull(pts);
    ll area2 = 0;
    for (size_t i = 0; i < h.size(); i++) {
        const P& a = h[i];
        const P& b = h[(i + 1) % h.size()];
        area2 += a.x * b.y - a.y * b.x;
    }
    cout << h.size() << " " << fixed << setprecision(1) << llabs(area2) / 2.0 << endl;
}
""",
        "6\n0 0\n4 0\n4 3\n0 3\n2 1\n1 2\n",
        "4 12.0\n",
    ),
    (
        "trie-prefix-count",
        r"""#include <iostream>
#include <vector>
#include <string>
#include <array>

struct Trie {
    std::vector<std::array<int, 26>> next;
    std::vector<int> count;
    Trie() : next(1), count(1, 0) { next[0].fill(-1); }
    void insert(const std::string& word) {
        int node = 0;
        for (char ch : word) {
            int c = ch - 'a';
            if (next[node][c] == -1) {
                next[node][c] = next.size();
                next.emplace_back();
                next.back().fill(-1);
                count.push_back(0);
            }
            node = next[node][c];
            count[node]++;
        }
    }
    int prefix_count(const std::string& prefix) const {
        int node = 0;
        for (char ch : prefix) {
            node = next[node][ch - 'a'];
            if (node == -1) return 0;
        }
        return count[node];
    }
};

int main() {
    std::ios::sync_with_stdio(false);
    int n, q;
    std::cin >> n >> q;
    Trie trie;
    for (int i = 0; i < n; ++i) {
        std::string w;
        std::cin >> w;
        trie.insert(w);
    }
    while (q--) {
        std::string p;
        std::cin >> p;
        std::cout << trie.prefix_count(p) << '\n';
    }
    return 0;
}
""",
        "5 3\napple\napp\napricot\nbanana\napply\napp\nap\nban\n",
        "3\n4\n1\n",
    ),
    (
        "tsp-bitmask",
        r"""#include <bits/stdc++.h>
using namespace std;

int main() {
    int n;
    cin >> n;
    vector<vector<int>> cost(n, vector<int>(n));
    for (auto& row : cost)
        for (auto& c : row) cin >> c;
    const int INF = INT_MAX / 2;
    vector<vector<int>> dp(1 << n, vector<int>(n, INF));
    dp[1][0] = 0;
    for (int mask = 1; mask < (1 << n); mask++) {
        for (int last = 0; last < n; last++) {
            if (!(mask >> last & 1) || dp[mask][last] >= INF) continue;
            for (int nxt = 0; nxt < n; nxt++) {
                if (mask >> nxt & 1) continue;
                int nm = mask | (1 << nxt);
                dp[nm][nxt] = min(dp[nm][nxt], dp[mask][last] + cost[last][nxt]);
            }
        }
    }
    int best = INF;
    for (int last = 1; last < n; last++)
        best = min(best, dp[(1 << n) - 1][last] + cost[last][0]);
    cout << best << endl;
    return 0;
}
""",
        "4\n0 10 15 20\n10 0 35 25\n15 35 0 30\n20 25 30 0\n",
        "80\n",
    ),
    (
        "edit-distance",
        r"""#include <iostream>
#include <string>
#include <vector>
#include <algorithm>

using namespace std;

int main() {
    string a, b;
    getline(cin, a);
    getline(cin, b);
    int n = a.size(), m = b.size();
    vector<vector<int>> dp(n + 1, vector<int>(m + 1));
    for (int i = 0; i <= n; i++) dp[i][0] = i;
    for (int j = 0; j <= m; j++) dp[0][j] = j;
    for (int i = 1; i <= n; i++) {
        for (int j = 1; j <= m; j++) {
            int sub = dp[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            dp[i][j] = min({sub, dp[i - 1][j] + 1, dp[i][j - 1] + 1});
        }
    }
    cout << dp[n][m] << endl;
    return 0;
}
""",
        "kitten\nsitting\n",
        "3\n",
    ),
    (
        "kruskal-mst",
        r"""#include <bits/stdc++.h>
using namespace std;
#define int long long
#define all(x) (x).begin(), (x).end()

vector<int> par;
int root(int x) { return par[x] == x ? x : par[x] = root(par[x]); }

signed main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n, m;
    cin >> n >> m;
    vector<tuple<int, int, int>> edges(m);
    for (auto& [w, u, v] : edges) cin >> u >> v >> w;
    sort(all(edges));
    par.resize(n + 1);
    iota(all(par), 0);
    int total = 0, used = 0;
    for (auto [w, u, v] : edges) {
        int a = root(u), b = root(v);
        if (a == b) continue;
        par[a] = b;
        total += w;
        used++;
    }
    if (used != n - 1) cout << "IMPOSSIBLE\n";
    else cout << total << "\n";
}
""",
        "5 7\n1 2 3\n2 3 5\n2 4 2\n3 4 8\n5 1 7\n5 4 4\n1 3 6\n",
        "14\n",
    ),
    (
        "binary-search-answer",
        r"""#include <cstdio>
#include <algorithm>
#include <vector>
using namespace std;

// Aggressive cows: the largest minimum distance when placing c cows in n stalls.
bool can_place(const vector<long long>& stalls, int cows, long long gap) {
    int placed = 1;
    long long last = stalls[0];
    for (size_t i = 1; i < stalls.size(); ++i) {
        if (stalls[i] - last >= gap) {
            ++placed;
            last = stalls[i];
            if (placed >= cows) return true;
        }
    }
    return placed >= cows;
}

int main() {
    int n, c;
    if (scanf("%d %d", &n, &c) != 2) return 0;
    vector<long long> stalls(n);
    for (auto& s : stalls) scanf("%lld", &s);
    sort(stalls.begin(), stalls.end());
    long long lo = 0, hi = stalls.back() - stalls.front();
    while (lo < hi) {
        long long mid = lo + (hi - lo + 1) / 2;
        if (can_place(stalls, c, mid)) lo = mid;
        else hi = mid - 1;
    }
    printf("%lld\n", lo);
    return 0;
}
""",
        "5 3\n1 2 8 4 9\n",
        "3\n",
    ),
]


def group_of(source: str) -> str:
    if "bits/stdc++.h" in source:
        return "pragmas first" if source.startswith("#pragma") else "bits/stdc++.h"
    return "<iostream> first" if source.startswith("#include <iostream>") else "other headers"


def compile_once(
    executor: CppExecutor, source: str, pch: bool, tag: str
) -> tuple[Any, float, float]:
    os.environ[PCH_SWITCH] = "1" if pch else "0"
    unique = f"{source}// {tag} {uuid.uuid4().hex}\n".encode()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    program = executor.compile(unique)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return program, wall, cpu


def measure(rounds: int) -> dict[str, Any]:
    executor = executor_for("cpp")
    assert isinstance(executor, CppExecutor)
    started = time.perf_counter()
    directory = PRECOMPILED_HEADERS.build(wait=True)
    build_s = time.perf_counter() - started
    assert directory is not None
    sizes = {p.name: p.stat().st_size for p in directory.rglob("*.gch")}
    samples: dict[bool, list[dict[str, Any]]] = {True: [], False: []}
    for r in range(rounds):
        order = (True, False) if r % 2 == 0 else (False, True)
        for pch in order:
            for name, source, given, expected in PROGRAMS:
                program, wall, cpu = compile_once(executor, source, pch, f"round {r}")
                if r == 0:  # each mode runs each program once
                    result = program.run(given.encode(), LIMITS)
                    assert result.status is RunStatus.OK, (name, result)
                    assert result.stdout.decode() == expected, (name, result.stdout)
                samples[pch].append(
                    {"program": name, "group": group_of(source), "wall_s": wall, "cpu_s": cpu}
                )
            mode = "with" if pch else "without"
            print(f"round {r + 1}/{rounds} {mode} precompiled headers done", flush=True)
    os.environ.pop(PCH_SWITCH, None)
    return {"build_s": build_s, "gch_bytes": sizes, "samples": samples}


def summary(samples: list[dict[str, Any]]) -> dict[str, float]:
    return {
        "compiles": len(samples),
        "wall_s": statistics.fmean(s["wall_s"] for s in samples),
        "cpu_s": statistics.fmean(s["cpu_s"] for s in samples),
    }


def report(data: dict[str, Any], rounds: int) -> dict[str, Any]:
    groups = ["all", *dict.fromkeys(group_of(p[1]) for p in PROGRAMS)]
    rows = []
    for group in groups:
        pick = {
            pch: [s for s in data["samples"][pch] if group == "all" or s["group"] == group]
            for pch in (True, False)
        }
        with_pch, without = summary(pick[True]), summary(pick[False])
        rows.append(
            {
                "group": group,
                "programs": len({s["program"] for s in pick[True]}),
                "compiles_each_mode": with_pch["compiles"],
                "without_wall_s": round(without["wall_s"], 3),
                "with_wall_s": round(with_pch["wall_s"], 3),
                "wall_ratio": round(without["wall_s"] / with_pch["wall_s"], 2),
                "without_cpu_s": round(without["cpu_s"], 3),
                "with_cpu_s": round(with_pch["cpu_s"], 3),
                "cpu_ratio": round(without["cpu_s"] / with_pch["cpu_s"], 2),
            }
        )
    return {
        "rounds": rounds,
        "programs": len(PROGRAMS),
        "pch_build_s": round(data["build_s"], 2),
        "gch_bytes": data["gch_bytes"],
        "rows": rows,
    }


def section(result: dict[str, Any], seconds: float) -> str:
    sizes = ", ".join(
        f"{name} {size / 2**20:.0f} MiB" for name, size in result["gch_bytes"].items()
    )
    lines = [
        "## C++ compile",
        "",
        f"`.venv/bin/python benchmarks/compile.py --rounds {result['rounds']} --write` "
        f"({platform.machine()}, {os.cpu_count()} cores, {seconds:.0f} s). "
        f"{result['programs']} distinct competitive-programming programs (union-find, "
        "segment, Fenwick and sparse tables, Dijkstra, Floyd-Warshall, BFS, topological "
        "sort, LCA, DP, bitmask DP, string hashing, KMP, Z-function, trie, convex hull, "
        "matrix power, sieve, binary search), each compiled through `CppExecutor.compile` "
        "(g++ -O2 -std=gnu++17 in the sandbox) with and without the precompiled headers, "
        "in alternating rounds, every source made new by a comment so the compile cache "
        "never answers. Wall: the whole compile (sandbox included); CPU: the benchmark's "
        "children, the compiler among them. Means per compile; ratio = without ÷ with. "
        "Each program's output is checked in both modes.",
        "",
        "| programs | n | compiles per mode | wall without | wall with | ratio | "
        "CPU without | CPU with | ratio |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in result["rows"]:
        lines.append(
            f"| {r['group']} | {r['programs']} | {r['compiles_each_mode']} | "
            f"{r['without_wall_s']:.3f} s | {r['with_wall_s']:.3f} s | {r['wall_ratio']:.2f} | "
            f"{r['without_cpu_s']:.3f} s | {r['with_cpu_s']:.3f} s | {r['cpu_ratio']:.2f} |"
        )
    lines += [
        "",
        f"The precompiled headers ({sizes}) were built once, in {result['pch_build_s']:.1f} s "
        "(on the host, in the background on a worker's first C++ compile that includes "
        "one of them). With `#pragma GCC optimize` before the include g++ cannot use "
        "them and compiles as without. On a busy machine wall time includes waiting for a "
        "CPU; the CPU figures are the steadier. Raw figures: `benchmarks/compile_results.json`.",
    ]
    return "\n".join(lines) + "\n"


def write_section(text: str) -> None:
    path = ROOT / "benchmarks" / "RESULTS.md"
    current = path.read_text() if path.exists() else "# Benchmark results\n"
    start = current.find("## C++ compile")
    if start == -1:
        updated = current.rstrip("\n") + "\n\n" + text
    else:
        end = current.find("\n## ", start + 1)
        rest = current[end + 1 :] if end != -1 else ""
        updated = current[:start] + text + ("\n" + rest if rest else "")
    path.write_text(updated)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = parser.parse_args()
    started = time.perf_counter()
    var = ROOT / "var"
    var.mkdir(exist_ok=True)
    cache = Path(tempfile.mkdtemp(prefix="bench-compile-", dir=var))
    cache.chmod(0o755)
    os.environ["SCALEBOX_WORKER_CACHE_DIR"] = str(cache)
    try:
        result = report(measure(args.rounds), args.rounds)
    finally:
        close_zygotes()
        shutil.rmtree(cache, ignore_errors=True)
    text = section(result, time.perf_counter() - started)
    print()
    print(text)
    if args.write:
        write_section(text)
        (ROOT / "benchmarks" / "compile_results.json").write_text(
            json.dumps(result, indent=2) + "\n"
        )


if __name__ == "__main__":
    main()
