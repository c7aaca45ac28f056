#pragma once
// ScaleBox's validation.h: the header library contest tool chains hand to input, answer
// and output validators, written for ScaleBox to the same public interface.
//
//   OutputValidator v(argc, argv);   // reads the team's output from std::cin
//   long long n = v.read_integer("n", 1, 1000);
//   v.space();
//   long double x = v.read_float("x", -1e9, 1e9);
//   v.newline();
//   std::string s = v.read_string("s", 1, 20, "abc");
//   v.test_string("possible");
//   v.check(n % 2 == 0, "n must be even, got ", n);
//   // leaving the scope checks for end of file and accepts
//
// Kattis output validator protocol: `validator input answer feedback_dir [args] < output`,
// exit 42 accepts and 43 rejects. A rejection's reason goes to stderr and, when
// feedback_dir is a directory, to feedback_dir/judgemessage.txt.
//
// An OutputValidator is lenient about whitespace and case unless the arguments say
// `space_change_sensitive` or `case_sensitive`, and reads floats in any form strtold takes.
// InputValidator and AnswerValidator are strict: exactly one space or newline where asked,
// case as written, floats only in canonical decimal form.

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <utility>
#include <vector>

constexpr std::string_view case_sensitive_flag = "case_sensitive";
constexpr std::string_view ws_sensitive_flag = "space_change_sensitive";
constexpr std::string_view constraints_file_flag = "--constraints_file";

// How a sequence of values must be ordered; Unique values must all differ.
inline struct ArbitraryTag {
	static constexpr bool unique = false;
	static constexpr bool strict = false;
	static constexpr bool increasing = false;
	static constexpr bool decreasing = false;
} Arbitrary;
inline struct UniqueTag : ArbitraryTag {
	static constexpr bool unique = true;
} Unique;
inline struct IncreasingTag : ArbitraryTag {
	static constexpr bool increasing = true;
} Increasing;
inline struct DecreasingTag : ArbitraryTag {
	static constexpr bool decreasing = true;
} Decreasing;
inline struct StrictlyIncreasingTag : ArbitraryTag {
	static constexpr bool strict = true;
	static constexpr bool increasing = true;
} StrictlyIncreasing;
inline struct StrictlyDecreasingTag : ArbitraryTag {
	static constexpr bool strict = true;
	static constexpr bool decreasing = true;
} StrictlyDecreasing;

enum Separator { Space, Newline };

class Validator {
  protected:
	Validator(bool whitespace_sensitive, bool case_sensitive_, bool strict_floats, std::istream& stream,
	          std::string feedback_directory = "")
	    : in(stream), ws(whitespace_sensitive), case_sensitive(case_sensitive_), strict_float(strict_floats),
	      feedback_dir(std::move(feedback_directory)) {
		std::ios_base::sync_with_stdio(false);
		in.tie(nullptr);
	}

  public:
	static constexpr int ret_AC = 42;
	static constexpr int ret_WA = 43;

	Validator(const Validator&) = delete;
	Validator& operator=(const Validator&) = delete;

	// Leaving the validator's scope: what remains must be the end of the file; accept.
	~Validator() {
		eof();
		AC();
	}

	void space() { separator_char(' ', "space"); }
	void newline() { separator_char('\n', "newline"); }

	// Nothing but (lenient: whitespace, then) the end of the file may follow.
	void eof() {
		if (!ws) skip_whitespace();
		int next = in.peek();
		if (next == std::char_traits<char>::eof()) return;
		WA("Expected EOF, found ", describe(next));
	}

	long long read_integer(const std::string& name, long long low, long long high) {
		return read_integer(name, low, high, Arbitrary);
	}
	template <typename Tag>
	long long read_integer(const std::string& name, long long low, long long high, Tag tag) {
		long long value = parse_integer(name, token(name, "integer"));
		return checked(name, low, high, value, tag);
	}
	template <typename Tag = ArbitraryTag>
	std::vector<long long> read_integers(const std::string& name, int count, long long low, long long high,
	                                     Tag tag = Tag{}, Separator sep = Space) {
		forget(name);
		std::vector<long long> values;
		for (int i = 0; i < count; ++i) {
			if (i > 0) separator(sep);
			values.push_back(read_integer(name, low, high, tag));
		}
		newline();
		return values;
	}

	long double read_float(const std::string& name, long double low, long double high) {
		return read_float(name, low, high, Arbitrary);
	}
	template <typename Tag>
	long double read_float(const std::string& name, long double low, long double high, Tag tag) {
		long double value = parse_float(name, token(name, "float"));
		return checked(name, low, high, value, tag);
	}
	template <typename Tag = ArbitraryTag>
	std::vector<long double> read_floats(const std::string& name, int count, long double low, long double high,
	                                     Tag tag = Tag{}, Separator sep = Space) {
		forget(name);
		std::vector<long double> values;
		for (int i = 0; i < count; ++i) {
			if (i > 0) separator(sep);
			values.push_back(read_float(name, low, high, tag));
		}
		newline();
		return values;
	}

	// A token of min..max characters, each among `chars` when that is not empty.
	template <typename Tag = ArbitraryTag>
	std::string read_string(const std::string& name, long long min, long long max, std::string_view chars = "",
	                        Tag tag = Tag{}) {
		std::string text = token(name, "string");
		long long length = static_cast<long long>(text.size());
		check(min <= length && length <= max, name, ": length ", length, " is not in [", min, ", ", max, "]");
		if (!chars.empty()) {
			for (char c : text) {
				check(chars.find(c) != std::string_view::npos, name, ": character '", c, "' is not one of \"",
				      chars, "\"");
			}
		}
		std::string key = case_sensitive ? text : lower(text);
		remember(name, key, tag);
		return text;
	}
	template <typename Tag = ArbitraryTag>
	std::vector<std::string> read_strings(const std::string& name, int count, long long min, long long max,
	                                      std::string_view chars = "", Tag tag = Tag{}, Separator sep = Space) {
		forget(name);
		std::vector<std::string> values;
		for (int i = 0; i < count; ++i) {
			if (i > 0) separator(sep);
			values.push_back(read_string(name, min, max, chars, tag));
		}
		newline();
		return values;
	}

	// The next token must be one of `options` (in any case unless case sensitive).
	std::string test_strings(const std::vector<std::string>& options, const std::string& name = "") {
		std::string text = token(name, "string");
		for (const std::string& option : options) {
			if (same_text(text, option)) return case_sensitive ? text : lower(text);
		}
		std::string wanted;
		for (const std::string& option : options) wanted += (wanted.empty() ? "" : "|") + option;
		WA(name.empty() ? "" : name + ": ", "Expected \"", wanted, "\", found \"", text, "\"");
	}
	std::string test_string(const std::string& expected, const std::string& name = "") {
		return test_strings(std::vector<std::string>{expected}, name);
	}

	// Whether the next character (after whitespace, when lenient) is `c`; reads nothing.
	bool peek(char c, const std::string& /*name*/ = "") {
		if (!ws) skip_whitespace();
		int next = in.peek();
		if (next == std::char_traits<char>::eof()) return false;
		if (case_sensitive) return next == static_cast<unsigned char>(c);
		return std::tolower(next) == std::tolower(static_cast<unsigned char>(c));
	}

	template <typename... Ts>
	void check(bool condition, const Ts&... message) {
		static_assert(sizeof...(Ts) > 0, "say why the check failed");
		if (!condition) WA(message...);
	}

	// Reject: the reason to stderr and the feedback directory, exit 43.
	template <typename... Ts>
	[[noreturn]] void WA(const Ts&... message) {
		if (on_wrong_answer) on_wrong_answer();
		std::ostringstream text;
		(text << ... << message);
		std::string reason = text.str();
		std::cerr << reason << std::endl;
		write_feedback(reason);
		std::exit(ret_WA);
	}

	[[noreturn]] void AC() const { std::exit(ret_AC); }

	// Called before a rejection exits (an interactor may tell the submission to stop).
	void set_WA_handler(std::function<void()> handler) { on_wrong_answer = std::move(handler); }

	std::string& lowercase(std::string& text) const {
		if (!case_sensitive) text = lower(text);
		return text;
	}

	template <typename T>
	void log_constraint(const std::string& /*name*/, T /*low*/, T /*high*/, T /*value*/) {}

  protected:
	static bool has_flag(int argc, char** argv, std::string_view flag) {
		for (int i = 1; i < argc; ++i) {
			if (argv[i] == flag) return true;
		}
		return false;
	}

  private:
	std::istream& in;
	std::function<void()> on_wrong_answer;
	std::map<std::string, std::set<std::string>> seen_strings;
	std::map<std::string, std::set<long double>> seen_numbers;
	std::map<std::string, long double> last_number;

  public:
	const bool ws;
	const bool case_sensitive;
	const bool strict_float;
	const std::string feedback_dir;

  private:
	static std::string lower(std::string text) {
		for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
		return text;
	}

	bool same_text(const std::string& a, const std::string& b) const {
		return case_sensitive ? a == b : lower(a) == lower(b);
	}

	static std::string describe(int c) {
		if (c == std::char_traits<char>::eof()) return "EOF";
		if (c == '\n') return "newline";
		if (c == '\r') return "carriage return";
		if (c == ' ') return "space";
		if (c == '\t') return "tab";
		return std::string("\"") + static_cast<char>(c) + "\"";
	}

	void skip_whitespace() {
		while (std::isspace(in.peek())) in.get();
	}

	void separator_char(char wanted, const char* what) {
		if (!ws) return;
		int next = in.get();
		if (next != static_cast<unsigned char>(wanted)) WA("Expected ", what, ", found ", describe(next));
	}

	void separator(Separator sep) {
		if (sep == Newline)
			newline();
		else
			space();
	}

	// The next whitespace-free token; strict validators may not skip whitespace to it.
	std::string token(const std::string& name, const char* what) {
		if (ws) {
			int next = in.peek();
			if (next == std::char_traits<char>::eof() || std::isspace(next))
				WA(name, ": Expected ", what, ", found ", describe(next));
		} else {
			skip_whitespace();
		}
		std::string text;
		while (in.peek() != std::char_traits<char>::eof() && !std::isspace(in.peek()))
			text += static_cast<char>(in.get());
		if (text.empty()) WA(name, ": Expected ", what, ", found EOF");
		return text;
	}

	long long parse_integer(const std::string& name, const std::string& text) {
		size_t start = (text[0] == '-') ? 1 : 0;
		bool digits = start < text.size();
		for (size_t i = start; i < text.size(); ++i) digits = digits && std::isdigit(static_cast<unsigned char>(text[i]));
		if (!digits) WA(name, ": \"", text, "\" is not an integer");
		// One way to write each integer: no leading zeros, no "-0".
		if (text[start] == '0' && (text.size() > start + 1 || start == 1))
			WA(name, ": \"", text, "\" has a leading zero or a minus sign on zero");
		errno = 0;
		char* end = nullptr;
		long long value = std::strtoll(text.c_str(), &end, 10);
		if (errno == ERANGE) WA(name, ": ", text, " does not fit in a long long");
		return value;
	}

	// Strict: -?(0|[1-9][0-9]*)(\.[0-9]+)?(e-?[1-9][0-9]*)?  Lenient: whatever strtold reads whole.
	static bool canonical_float(const std::string& text) {
		size_t i = 0, n = text.size();
		auto digit = [&](size_t k) { return k < n && std::isdigit(static_cast<unsigned char>(text[k])); };
		if (i < n && text[i] == '-') ++i;
		if (!digit(i)) return false;
		if (text[i] == '0') {
			++i;
		} else {
			while (digit(i)) ++i;
		}
		if (i < n && text[i] == '.') {
			++i;
			if (!digit(i)) return false;
			while (digit(i)) ++i;
		}
		if (i < n && text[i] == 'e') {
			++i;
			if (i < n && text[i] == '-') ++i;
			if (!digit(i) || text[i] == '0') return false;
			while (digit(i)) ++i;
		}
		return i == n;
	}

	long double parse_float(const std::string& name, const std::string& text) {
		errno = 0;
		char* end = nullptr;
		long double value = std::strtold(text.c_str(), &end);
		if (end != text.c_str() + text.size() || !std::isfinite(value))
			WA(name, ": \"", text, "\" is not a number");
		if (errno == ERANGE && value != 0) WA(name, ": ", text, " does not fit in a long double");
		if (strict_float && !canonical_float(text)) WA(name, ": \"", text, "\" is not in canonical decimal form");
		return value;
	}

	void forget(const std::string& name) {
		seen_numbers.erase(name);
		seen_strings.erase(name);
		last_number.erase(name);
	}

	template <typename T, typename Tag>
	T checked(const std::string& name, T low, T high, T value, Tag /*tag*/) {
		if (value < low || value > high)
			WA(name, ": ", value, " is not in [", low, ", ", high, "]");
		long double as_float = static_cast<long double>(value);
		if constexpr (Tag::unique) {
			check(seen_numbers[name].insert(as_float).second, name, ": ", value, " appears twice");
		}
		if constexpr (Tag::increasing || Tag::decreasing) {
			auto last = last_number.find(name);
			if (last != last_number.end()) {
				long double before = last->second;
				bool ok = Tag::increasing ? (Tag::strict ? before < as_float : before <= as_float)
				                          : (Tag::strict ? before > as_float : before >= as_float);
				check(ok, name, ": ", value, " after ", before, " breaks the required order");
			}
			last_number[name] = as_float;
		}
		return value;
	}

	template <typename Tag>
	void remember(const std::string& name, const std::string& key, Tag /*tag*/) {
		if constexpr (Tag::unique) {
			check(seen_strings[name].insert(key).second, name, ": \"", key, "\" appears twice");
		}
	}

	void write_feedback(const std::string& reason) const {
		if (feedback_dir.empty()) return;
		struct stat info {};
		if (stat(feedback_dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) return;
		std::ofstream message(feedback_dir + "/judgemessage.txt", std::ios::app);
		message << reason << '\n';
	}
};

// Input files: strict in every way.
class InputValidator : public Validator {
  public:
	explicit InputValidator(int /*argc*/ = 0, char** /*argv*/ = nullptr) : Validator(true, true, true, std::cin) {}
};

// Answer files (`answer_validator input < answer`): strict in every way.
class AnswerValidator : public Validator {
  public:
	explicit AnswerValidator(int /*argc*/ = 0, char** /*argv*/ = nullptr, std::istream& stream = std::cin)
	    : Validator(true, true, true, stream) {}
};

// A submission's output (`output_validator input answer feedback_dir [args] < output`):
// lenient unless the arguments say case_sensitive or space_change_sensitive.
class OutputValidator : public Validator {
  public:
	explicit OutputValidator(int argc, char** argv, std::istream& stream = std::cin)
	    : Validator(has_flag(argc, argv, ws_sensitive_flag), has_flag(argc, argv, case_sensitive_flag), false,
	                stream, argc > 3 ? argv[3] : "") {}
};
