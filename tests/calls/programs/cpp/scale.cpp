#include <vector>
std::vector<double> scale(const std::vector<double>& xs, double k) {
    std::vector<double> out;
    for (double x : xs) out.push_back(x * k);
    return out;
}
