#include <bits/stdc++.h>
using namespace std;
#define int long long
vector<vector<int>> transpose(vector<vector<int>>& grid) {
    vector<vector<int>> out(grid[0].size(), vector<int>(grid.size()));
    for (size_t i = 0; i < grid.size(); ++i)
        for (size_t j = 0; j < grid[i].size(); ++j) out[j][i] = grid[i][j];
    return out;
}
signed main() { return 0; }
