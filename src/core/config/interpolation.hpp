// SPDX-License-Identifier: MIT
// ConfigParser's BasicInterpolation ("%(name)s", "%%"), shared by the ini reader and the TOML
// source.
#pragma once

#include <migrate/error.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace migrate::config {

// Python's configparser.MAX_INTERPOLATION_DEPTH.
inline constexpr int k_max_interpolation_depth = 10;

// What an interpolation needs besides the value: how to look names up and what to say on error.
struct InterpolationContext {
  // The value a "%(name)s" reference names, or nullptr when there is none.
  std::function<const std::string*(const std::string& name)> lookup;
  // ConfigParser lower-cases reference names and expands referenced values again (up to
  // k_max_interpolation_depth levels); Python's "%" operator on TOML strings does neither.
  bool configparser_rules = true;
  Location where;      // of the key whose value is interpolated
  std::string key;     // named in messages
  std::string section; // named in messages
  std::string raw;     // the key's raw value, quoted in messages
};

// Expands value. Throws ConfigError, prefixed with context.where:
//  "invalid interpolation syntax in '<key>' value: '<raw>' ('%' must be written '%%')"
//  "bad interpolation in '<key>': no option '<name>' in section '<section>'"
//  "recursion limit exceeded in value substitution of '<key>' in section '<section>' (more
//   than 10 levels): '<raw>'"
std::string interpolate(std::string_view value, const InterpolationContext& context);

} // namespace migrate::config
