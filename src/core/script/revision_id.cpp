// SPDX-License-Identifier: MIT
// Rules for revision identifiers: Alembic's forbidden characters plus the varchar(32) limit.
#include "revision_id.hpp"

#include "utf8.hpp"

#include <migrate/error.hpp>
#include <migrate/script.hpp>

#include <algorithm>
#include <set>

namespace migrate::script {

namespace {

bool is_illegal(char c) {
  switch (c) {
  case '@':
  case '-':
  case '+':
  case ':':
  case ' ':
  case '\t':
  case '\n':
  case '\r':
  case '\f':
  case '\v':
    return true;
  default:
    return false;
  }
}

// Whitespace other than a space is shown escaped so the message stays on one line.
std::string show(char c) {
  switch (c) {
  case '\t':
    return "\\t";
  case '\n':
    return "\\n";
  case '\r':
    return "\\r";
  case '\f':
    return "\\f";
  case '\v':
    return "\\v";
  default:
    return std::string(1, c);
  }
}

} // namespace

std::string illegal_id_characters(std::string_view id) {
  if (std::none_of(id.begin(), id.end(), is_illegal)) {
    return {}; // every file's id is checked: the common case allocates nothing
  }
  // Python sorts the set of characters by code point; all of ours are ASCII, so byte order.
  std::set<char> found;
  for (char c : id) {
    if (is_illegal(c)) {
      found.insert(c);
    }
  }
  std::string out;
  for (char c : found) {
    if (!out.empty()) {
      out += ", ";
    }
    out += show(c);
  }
  return out;
}

std::optional<std::string> revision_id_problem(std::string_view id) {
  if (id.empty()) {
    return "empty revision identifier";
  }
  const std::string illegal = illegal_id_characters(id);
  if (!illegal.empty()) {
    return "Character(s) '" + illegal + "' not allowed in revision identifier '" + std::string(id)
           + "'";
  }
  if (utf8::length(id) > k_max_revision_id_length) {
    return "revision id '" + std::string(id) + "' is longer than 32 characters (the version "
           + "table's varchar(32))";
  }
  return std::nullopt;
}

void check_revision_id(std::string_view id) {
  if (const auto problem = revision_id_problem(id)) {
    throw CommandError(*problem);
  }
}

} // namespace migrate::script
