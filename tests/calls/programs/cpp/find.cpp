#include <optional>
#include <vector>
std::optional<int> find(const std::vector<int>& xs, int target) {
    for (size_t i = 0; i < xs.size(); ++i)
        if (xs[i] == target) return static_cast<int>(i);
    return std::nullopt;
}
