// SPDX-License-Identifier: MIT
// IniFile: a line reader with Python ConfigParser's rules (see config.hpp for the list).
#include "file_text.hpp"
#include "interpolation.hpp"
#include "py_text.hpp"

#include <migrate/config.hpp>
#include <migrate/util/strings.hpp>

#include <set>

namespace migrate::config {

namespace {

constexpr std::string_view k_default_section = "DEFAULT";
constexpr std::string_view k_bom = "\xEF\xBB\xBF";

bool is_comment(std::string_view stripped) {
  return !stripped.empty() && (stripped.front() == '#' || stripped.front() == ';');
}

// Builds the sections line by line, following ConfigParser._read. Section 0 is DEFAULT.
class Reader {
public:
  Reader(const std::string& path, const std::map<std::string, std::string>& defaults)
      : m_path(path) {
    IniSection& section = m_sections.emplace_back();
    section.name = std::string(k_default_section);
    m_pieces.emplace_back();
    for (const auto& [key, value] : defaults) {
      add_entry(0, util::to_lower(key), value, 0);
    }
  }

  void read(std::string_view text) {
    if (text.substr(0, k_bom.size()) == k_bom) {
      text.remove_prefix(k_bom.size());
    }
    int number = 0;
    for (std::string_view line : split_lines(text)) {
      read_line(line, ++number);
    }
    join_values();
  }

  std::vector<IniSection>& sections() { return m_sections; }

private:
  [[noreturn]] void fail(int line, const std::string& message) const {
    throw ConfigError(Location{m_path, line, 0}, message);
  }

  void read_line(std::string_view line, int number) {
    const std::string_view value = py_strip(line);
    if (is_comment(value)) {
      return; // a comment neither ends nor extends a value
    }
    if (value.empty()) {
      // Kept only if more continuation lines follow: trailing ones are stripped on join.
      if (m_current && m_option) {
        m_pieces[*m_current][*m_option].emplace_back();
      }
      return;
    }
    const std::size_t indent = indent_width(line);
    if (m_current && m_option && indent > m_indent) {
      m_pieces[*m_current][*m_option].emplace_back(value);
      return;
    }
    m_indent = indent;
    if (read_section_header(value, number)) {
      return;
    }
    if (!m_current) {
      fail(number,
           "line outside any section: '" + std::string(value)
               + "' (a '[section]' header must come first)");
    }
    read_option(value, number);
  }

  bool read_section_header(std::string_view value, int number) {
    const std::size_t close = value.rfind(']');
    if (value.front() != '[' || close == std::string_view::npos || close < 2) {
      return false;
    }
    const std::string name(value.substr(1, close - 1));
    m_option.reset();
    if (name == k_default_section) {
      m_current = 0;
      return true;
    }
    for (std::size_t i = 1; i < m_sections.size(); ++i) {
      if (m_sections[i].name == name) {
        fail(number,
             "section '" + name + "' already exists (first defined on line "
                 + std::to_string(m_sections[i].line) + ")");
      }
    }
    IniSection& section = m_sections.emplace_back();
    section.name = name;
    section.line = number;
    m_pieces.emplace_back();
    m_current = m_sections.size() - 1;
    return true;
  }

  void read_option(std::string_view value, int number) {
    const std::size_t delimiter = value.find_first_of("=:");
    if (delimiter == std::string_view::npos) {
      fail(number,
           "parsing error: '" + std::string(value)
               + "' is not a '[section]' header, a 'key = value' line or a comment");
    }
    const std::string key = util::to_lower(py_rstrip(value.substr(0, delimiter)));
    if (key.empty()) {
      fail(number,
           "parsing error: '" + std::string(value) + "' has no key before the '" + value[delimiter]
               + "'");
    }
    const std::size_t section = *m_current;
    if (!m_added.insert({section, key}).second) {
      const IniSection& existing = m_sections[section];
      fail(number,
           "option '" + key + "' in section '" + existing.name
               + "' already exists (first defined on line "
               + std::to_string(existing.key_lines.at(key)) + ")");
    }
    m_option = add_entry(section, key, std::string(py_strip(value.substr(delimiter + 1))), number);
  }

  // Adds key (or, for a DEFAULT given to the constructor, replaces its value in place, as a
  // Python dict assignment does); returns its position.
  std::size_t
  add_entry(std::size_t section_index, const std::string& key, std::string value, int line) {
    IniSection& section = m_sections[section_index];
    std::vector<std::vector<std::string>>& pieces = m_pieces[section_index];
    section.key_lines[key] = line;
    const auto found = section.key_index.find(key);
    if (found != section.key_index.end()) {
      pieces[found->second] = {std::move(value)};
      return found->second;
    }
    section.key_index[key] = section.entries.size();
    section.entries.emplace_back(key, std::string());
    pieces.push_back({std::move(value)});
    return section.entries.size() - 1;
  }

  void join_values() {
    for (std::size_t s = 0; s < m_sections.size(); ++s) {
      for (std::size_t e = 0; e < m_sections[s].entries.size(); ++e) {
        const std::string joined = util::join(m_pieces[s][e], "\n");
        m_sections[s].entries[e].second = std::string(py_rstrip(joined));
      }
    }
  }

  std::string m_path;
  std::vector<IniSection> m_sections;
  std::vector<std::vector<std::vector<std::string>>> m_pieces; // [section][entry] -> lines
  std::set<std::pair<std::size_t, std::string>> m_added;       // keys read from the file
  std::optional<std::size_t> m_current;                        // section being read
  std::optional<std::size_t> m_option;                         // entry being read
  std::size_t m_indent = 0;
};

} // namespace

const std::string* IniSection::find(const std::string& key) const {
  const auto found = key_index.find(key);
  return found == key_index.end() ? nullptr : &entries[found->second].second;
}

IniFile IniFile::parse(std::string_view text,
                       const std::string& path,
                       std::map<std::string, std::string> defaults) {
  Reader reader(path, defaults);
  reader.read(text);
  std::vector<IniSection>& sections = reader.sections();
  IniFile file;
  file.m_path = path;
  file.m_defaults = std::move(sections.front());
  file.m_sections.assign(std::make_move_iterator(sections.begin() + 1),
                         std::make_move_iterator(sections.end()));
  return file;
}

IniFile IniFile::load(const std::filesystem::path& path) {
  const std::string text = read_text_file(path, path.string());
  const std::filesystem::path directory = std::filesystem::absolute(path).parent_path();
  return parse(text, path.string(), {{"here", directory.generic_string()}});
}

const IniSection* IniFile::section(const std::string& name) const {
  for (const IniSection& candidate : m_sections) {
    if (candidate.name == name) {
      return &candidate;
    }
  }
  return nullptr;
}

std::vector<std::string> IniFile::sections() const {
  std::vector<std::string> names;
  for (const IniSection& section : m_sections) {
    names.push_back(section.name);
  }
  return names;
}

const std::string* IniFile::raw_value(const IniSection& section, const std::string& key) const {
  const std::string* value = section.find(key);
  return value != nullptr ? value : m_defaults.find(key);
}

Location IniFile::location(const std::string& section_name, const std::string& key) const {
  const std::string folded = util::to_lower(key);
  for (const IniSection* candidate : {section(section_name), &m_defaults}) {
    if (candidate != nullptr && candidate->key_lines.count(folded) > 0) {
      return Location{m_path, candidate->key_lines.at(folded), 0};
    }
  }
  return Location{m_path, 0, 0};
}

std::optional<std::string> IniFile::get(const std::string& section_name,
                                        const std::string& key) const {
  const IniSection* found = section(section_name);
  if (found == nullptr) {
    return std::nullopt;
  }
  const std::string folded = util::to_lower(key);
  const std::string* raw = raw_value(*found, folded);
  if (raw == nullptr) {
    return std::nullopt;
  }
  InterpolationContext context;
  context.lookup = [this, found](const std::string& name) { return raw_value(*found, name); };
  context.where = location(section_name, folded);
  context.key = folded;
  context.section = section_name;
  context.raw = *raw;
  return interpolate(*raw, context);
}

bool IniFile::has_option(const std::string& section_name, const std::string& key) const {
  const IniSection* found = section(section_name);
  return found != nullptr && raw_value(*found, util::to_lower(key)) != nullptr;
}

std::vector<std::string> IniFile::options(const std::string& section_name) const {
  std::vector<std::string> keys;
  const IniSection* found = section(section_name);
  if (found == nullptr) {
    return keys;
  }
  for (const auto& entry : found->entries) {
    keys.push_back(entry.first);
  }
  for (const auto& entry : m_defaults.entries) {
    if (found->find(entry.first) == nullptr) {
      keys.push_back(entry.first);
    }
  }
  return keys;
}

std::vector<std::pair<std::string, std::string>>
IniFile::items(const std::string& section_name) const {
  std::vector<std::pair<std::string, std::string>> result;
  const IniSection* found = section(section_name);
  if (found == nullptr) {
    return result;
  }
  // ConfigParser.items() orders the defaults' keys first (unlike options()).
  for (const auto& entry : m_defaults.entries) {
    result.emplace_back(entry.first, *get(section_name, entry.first));
  }
  for (const auto& entry : found->entries) {
    if (m_defaults.find(entry.first) == nullptr) {
      result.emplace_back(entry.first, *get(section_name, entry.first));
    }
  }
  return result;
}

} // namespace migrate::config
