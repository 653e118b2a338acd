// SPDX-License-Identifier: MIT
// file_template rendering: a port of Python's "%(name)s" mapping format for the tokens of file
// names.
#include "utf8.hpp"

#include <migrate/error.hpp>
#include <migrate/script.hpp>
#include <migrate/util/strings.hpp>

#include <map>

namespace migrate::script {

namespace {

struct Value {
  bool is_number = false;
  long long number = 0;
  std::string text;
};

struct Spec {
  bool left = false, zero = false, plus = false, space = false, alternate = false;
  std::size_t width = 0;
  std::optional<std::size_t> precision;
  char conversion = 's';
};

const std::vector<std::string> k_tokens = {
    "rev", "slug", "epoch", "year", "month", "day", "hour", "minute", "second"};

std::size_t text_length(std::string_view text) {
  return utf8::length(text);
}

std::string pad(std::string body, std::size_t width, bool left) {
  const std::size_t size = text_length(body);
  if (size >= width) {
    return body;
  }
  const std::string fill(width - size, ' ');
  return left ? body + fill : fill + body;
}

std::string format_text(const std::string& text, const Spec& spec) {
  std::string body = text;
  if (spec.precision) {
    const std::u32string points = utf8::decode(text);
    if (points.size() > *spec.precision) {
      body = utf8::encode(std::u32string_view(points).substr(0, *spec.precision));
    }
  }
  return pad(body, spec.width, spec.left);
}

std::string format_number(long long number, const Spec& spec) {
  const unsigned base = spec.conversion == 'x' || spec.conversion == 'X' ? 16
                        : spec.conversion == 'o'                         ? 8
                                                                         : 10;
  const char* digits_of = spec.conversion == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
  unsigned long long magnitude = number < 0 ? 0ULL - static_cast<unsigned long long>(number)
                                            : static_cast<unsigned long long>(number);
  std::string digits;
  do {
    digits.insert(digits.begin(), digits_of[magnitude % base]);
    magnitude /= base;
  } while (magnitude != 0);
  if (spec.precision && digits.size() < *spec.precision) {
    digits.insert(0, *spec.precision - digits.size(), '0');
  }
  std::string prefix = number < 0 ? "-" : spec.plus ? "+" : spec.space ? " " : "";
  if (spec.alternate && base != 10) {
    prefix += spec.conversion == 'X' ? "0X" : base == 16 ? "0x" : "0o";
  }
  if (spec.zero && !spec.left && prefix.size() + digits.size() < spec.width) {
    digits.insert(0, spec.width - prefix.size() - digits.size(), '0');
  }
  return pad(prefix + digits, spec.width, spec.left);
}

class FileTemplateRenderer {
public:
  FileTemplateRenderer(std::string_view file_template, std::map<std::string, Value> values)
      : m_template(file_template), m_values(std::move(values)) {}

  std::string render() {
    std::string out;
    while (m_pos < m_template.size()) {
      const char c = m_template[m_pos++];
      if (c != '%') {
        out += c;
        continue;
      }
      if (peek() == '%') {
        ++m_pos;
        out += '%';
        continue;
      }
      out += render_token();
    }
    return out;
  }

private:
  [[noreturn]] void fail(const std::string& problem) const {
    throw ConfigError("invalid file_template '" + std::string(m_template) + "': " + problem);
  }

  char peek() const { return m_pos < m_template.size() ? m_template[m_pos] : '\0'; }

  std::string read_key() {
    // Python allows nested parentheses inside the key; we only need to find its end.
    if (peek() != '(') {
      fail("'%' must be followed by a token name, as in %(rev)s (write '%%' for a literal '%')");
    }
    const std::size_t start = ++m_pos;
    int depth = 1;
    while (m_pos < m_template.size()) {
      const char c = m_template[m_pos++];
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (depth == 0) {
        return std::string(m_template.substr(start, m_pos - 1 - start));
      }
    }
    fail("unterminated token name after '%('");
  }

  std::size_t read_number() {
    std::size_t number = 0;
    while (peek() >= '0' && peek() <= '9') {
      number = number * 10 + static_cast<std::size_t>(peek() - '0');
      if (number > 4096) {
        fail("field width or precision too large");
      }
      ++m_pos;
    }
    return number;
  }

  std::string render_token() {
    const std::string key = read_key();
    const auto value = m_values.find(key);
    if (value == m_values.end()) {
      const std::string suggestion = util::closest_match(key, k_tokens);
      fail("unknown token '" + key + "'"
           + (suggestion.empty() ? " (known tokens: " + util::join(k_tokens, ", ") + ")"
                                 : "; did you mean '" + suggestion + "'?"));
    }
    Spec spec;
    for (bool flags = true; flags;) {
      switch (peek()) {
      case '-':
        spec.left = true;
        break;
      case '0':
        spec.zero = true;
        break;
      case '+':
        spec.plus = true;
        break;
      case ' ':
        spec.space = true;
        break;
      case '#':
        spec.alternate = true;
        break;
      default:
        flags = false;
        continue;
      }
      ++m_pos;
    }
    if (peek() == '*') {
      fail("'*' widths are not supported");
    }
    spec.width = read_number();
    if (peek() == '.') {
      ++m_pos;
      if (peek() == '*') {
        fail("'*' precisions are not supported");
      }
      spec.precision = read_number();
    }
    while (peek() == 'h' || peek() == 'l' || peek() == 'L') {
      ++m_pos; // length modifiers mean nothing in Python
    }
    if (m_pos >= m_template.size()) {
      fail("incomplete format after '%(" + key + ")'");
    }
    spec.conversion = m_template[m_pos++];
    switch (spec.conversion) {
    case 's':
      return format_text(value->second.is_number ? std::to_string(value->second.number)
                                                 : value->second.text,
                         spec);
    case 'd':
    case 'i':
    case 'u':
    case 'x':
    case 'X':
    case 'o':
      if (!value->second.is_number) {
        fail("token '" + key + "' is text; write %(" + key + ")s");
      }
      return format_number(value->second.number, spec);
    default:
      fail(std::string("unsupported conversion '") + spec.conversion + "' for token '" + key
           + "' (use s, d, i, u, x, X or o)");
    }
  }

  std::string_view m_template;
  std::map<std::string, Value> m_values;
  std::size_t m_pos = 0;
};

} // namespace

std::string render_file_template(std::string_view file_template,
                                 std::string_view rev,
                                 std::string_view slug,
                                 const Timestamp& when) {
  const auto number = [](long long value) { return Value{true, value, {}}; };
  std::map<std::string, Value> values = {
      {"rev", Value{false, 0, std::string(rev)}},
      {"slug", Value{false, 0, std::string(slug)}},
      {"epoch", number(when.epoch)},
      {"year", number(when.year)},
      {"month", number(when.month)},
      {"day", number(when.day)},
      {"hour", number(when.hour)},
      {"minute", number(when.minute)},
      {"second", number(when.second)},
  };
  return FileTemplateRenderer(file_template, std::move(values)).render();
}

} // namespace migrate::script
