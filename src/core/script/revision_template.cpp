// SPDX-License-Identifier: MIT
// Renders script.sql.tmpl: "${name}" placeholders, "$$" for a literal "$".
//
// Rules: a name is letters, digits, '_' and '.' (for "x.KEY"); substituted values are not
// scanned again; a "$" followed by anything other than "{" or "$" is kept as it is, so SQL such
// as "$1" survives in a template; an unknown name or an unterminated "${" is an error.
#include <migrate/error.hpp>
#include <migrate/script.hpp>
#include <migrate/util/strings.hpp>

namespace migrate::script {

namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
         || c == '.';
}

int line_at(std::string_view text, std::size_t offset) {
  int line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    line += text[i] == '\n' ? 1 : 0;
  }
  return line;
}

[[noreturn]] void fail(std::string_view text,
                       std::size_t offset,
                       const std::string& template_path,
                       const std::string& message) {
  throw ScriptError(Location{template_path, line_at(text, offset), 0}, message);
}

} // namespace

std::string render_template(std::string_view template_text,
                            const std::map<std::string, std::string>& vars,
                            const std::string& template_path) {
  std::string out;
  std::size_t pos = 0;
  while (pos < template_text.size()) {
    const std::size_t dollar = template_text.find('$', pos);
    if (dollar == std::string_view::npos) {
      out += template_text.substr(pos);
      break;
    }
    out += template_text.substr(pos, dollar - pos);
    const char next = dollar + 1 < template_text.size() ? template_text[dollar + 1] : '\0';
    if (next == '$') {
      out += '$';
      pos = dollar + 2;
      continue;
    }
    if (next != '{') {
      out += '$';
      pos = dollar + 1;
      continue;
    }
    const std::size_t close = template_text.find('}', dollar + 2);
    if (close == std::string_view::npos) {
      fail(
          template_text, dollar, template_path, "unterminated '${' (write '$$' for a literal '$')");
    }
    const std::string name(template_text.substr(dollar + 2, close - dollar - 2));
    bool valid = !name.empty();
    for (char c : name) {
      valid = valid && is_name_char(c);
    }
    if (!valid) {
      fail(template_text,
           dollar,
           template_path,
           "invalid placeholder '${" + name + "}' (names are letters, digits, '_', '.')");
    }
    const auto value = vars.find(name);
    if (value == vars.end()) {
      std::vector<std::string> known;
      for (const auto& entry : vars) {
        known.push_back(entry.first);
      }
      const std::string suggestion = util::closest_match(name, known);
      fail(template_text,
           dollar,
           template_path,
           "unknown template variable '" + name + "'"
               + (suggestion.empty() ? " (known: " + util::join(known, ", ") + ")"
                                     : "; did you mean '" + suggestion + "'?"));
    }
    out += value->second;
    pos = close + 1;
  }
  return out;
}

} // namespace migrate::script
