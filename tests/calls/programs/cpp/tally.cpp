#include <map>
#include <string>
#include <vector>
#include <iostream>
std::map<std::string, int> tally(std::vector<std::string> words) {
    std::map<std::string, int> counts;
    for (const auto& w : words) counts[w]++;
    std::cout << "counted " << words.size() << " words" << std::endl;
    return counts;
}
