// SPDX-License-Identifier: MIT
// The key table as Markdown, for docs/configuration.md (a unit test keeps the file equal to it).
#include "keys.hpp"

namespace migrate::config {

namespace {

// A table cell: '|' would end it.
std::string cell(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') {
      out += "\\|";
    } else {
      out += c;
    }
  }
  return out;
}

} // namespace

std::string keys_markdown() {
  std::string out = "| Key | Type | Default | What it does |\n|---|---|---|---|\n";
  for (const Key& key : keys()) {
    out += "| `" + std::string(key.name) + "` | " + cell(key_type_name(key.type)) + " | ";
    out += key.default_value.empty() ? "" : "`" + cell(key.default_value) + "`";
    out += " | " + cell(key.help) + " |\n";
  }
  return out;
}

} // namespace migrate::config
