#include <string>
using namespace std;
string shout(string s) { return s + "!"; }
