// SPDX-License-Identifier: MIT
// BasicInterpolation, ported from Python's configparser semantics.
#include "interpolation.hpp"

#include <migrate/util/strings.hpp>

namespace migrate::config {

namespace {

// A guard Python lacks: ten levels of values that each reference another value many times
// expand exponentially ("billion laughs"). Real configurations stay far below these limits.
constexpr std::size_t k_max_references = 100000;
constexpr std::size_t k_max_result_bytes = std::size_t{16} * 1024 * 1024;

class Expander {
public:
  explicit Expander(const InterpolationContext& context) : m_context(context) {}

  std::string run(std::string_view value) {
    expand(value, 1);
    return std::move(m_out);
  }

private:
  [[noreturn]] void fail(const std::string& message) const {
    throw ConfigError(m_context.where, message);
  }

  [[noreturn]] void fail_syntax() const {
    fail("invalid interpolation syntax in '" + m_context.key + "' value: '" + m_context.raw
         + "' ('%' must be written '%%')");
  }

  void append(std::string_view text) {
    if (m_out.size() + text.size() > k_max_result_bytes) {
      fail("interpolated value of '" + m_context.key + "' is larger than 16 MiB");
    }
    m_out.append(text);
  }

  void expand(std::string_view rest, int depth) {
    if (depth > k_max_interpolation_depth) {
      fail("recursion limit exceeded in value substitution of '" + m_context.key + "' in section '"
           + m_context.section + "' (more than " + std::to_string(k_max_interpolation_depth)
           + " levels): '" + m_context.raw + "'");
    }
    while (!rest.empty()) {
      const std::size_t percent = rest.find('%');
      if (percent == std::string_view::npos) {
        append(rest);
        return;
      }
      append(rest.substr(0, percent));
      rest.remove_prefix(percent);
      if (rest.size() >= 2 && rest[1] == '%') {
        append("%");
        rest.remove_prefix(2);
        continue;
      }
      if (rest.size() < 2 || rest[1] != '(') {
        fail_syntax();
      }
      // "%(" name ")s" where the name is at least one character other than ')'.
      const std::size_t close = rest.find(')', 2);
      if (close == std::string_view::npos || close == 2 || close + 1 >= rest.size()
          || rest[close + 1] != 's') {
        fail_syntax();
      }
      std::string name(rest.substr(2, close - 2));
      rest.remove_prefix(close + 2);
      substitute(name, depth);
    }
  }

  void substitute(std::string name, int depth) {
    if (++m_references > k_max_references) {
      fail("interpolation of '" + m_context.key + "' expands more than "
           + std::to_string(k_max_references) + " references");
    }
    if (m_context.configparser_rules) {
      name = util::to_lower(name);
    }
    const std::string* value = m_context.lookup(name);
    if (value == nullptr) {
      fail("bad interpolation in '" + m_context.key + "': no option '" + name + "' in section '"
           + m_context.section + "'");
    }
    if (m_context.configparser_rules && value->find('%') != std::string::npos) {
      expand(*value, depth + 1);
    } else {
      append(*value);
    }
  }

  const InterpolationContext& m_context;
  std::string m_out;
  std::size_t m_references = 0;
};

} // namespace

std::string interpolate(std::string_view value, const InterpolationContext& context) {
  return Expander(context).run(value);
}

} // namespace migrate::config
