// SPDX-License-Identifier: MIT
// Reads pyproject.toml with toml++ and keeps [tool.alembic] as plain values with locations.
#include "toml_source.hpp"

#include "interpolation.hpp"

#include <toml++/toml.h>

#include <sstream>

namespace migrate::config {

namespace {

Location location_of(const toml::node& node, const std::string& display) {
  const toml::source_position begin = node.source().begin;
  return Location{display, static_cast<int>(begin.line), static_cast<int>(begin.column)};
}

std::string type_name(toml::node_type type) {
  switch (type) {
  case toml::node_type::string:
    return "string";
  case toml::node_type::integer:
    return "integer";
  case toml::node_type::floating_point:
    return "float";
  case toml::node_type::boolean:
    return "boolean";
  case toml::node_type::date:
    return "date";
  case toml::node_type::time:
    return "time";
  case toml::node_type::date_time:
    return "date-time";
  case toml::node_type::table:
    return "table";
  case toml::node_type::array:
    return "array";
  case toml::node_type::none:
    break;
  }
  return "value";
}

std::string render(const toml::node& node) {
  std::ostringstream out;
  node.visit([&out](const auto& value) { out << value; });
  return out.str();
}

TomlValue convert(const toml::node& node, const std::string& display);

TomlTable convert_table(const toml::table& table, const std::string& display) {
  TomlTable result;
  result.where = location_of(table, display);
  for (const auto& [key, value] : table) {
    result.entries.emplace_back(std::string(key.str()), convert(value, display));
  }
  return result;
}

void convert_array(const toml::array& array, const std::string& display, TomlValue& out) {
  if (!array.empty() && array.is_homogeneous(toml::node_type::table)) {
    out.kind = TomlValue::Kind::table_list;
    for (const toml::node& element : array) {
      out.tables.push_back(convert_table(*element.as_table(), display));
    }
  } else if (array.empty() || array.is_homogeneous(toml::node_type::string)) {
    out.kind = TomlValue::Kind::string_list;
    for (const toml::node& element : array) {
      out.strings.push_back(element.as_string()->get());
    }
  }
}

TomlValue convert(const toml::node& node, const std::string& display) {
  TomlValue out;
  out.where = location_of(node, display);
  out.type_name = type_name(node.type());
  out.rendered = render(node);
  if (const auto* text = node.as_string()) {
    out.kind = TomlValue::Kind::string;
    out.text = text->get();
  } else if (const auto* integer = node.as_integer()) {
    out.kind = TomlValue::Kind::integer;
    out.integer = integer->get();
  } else if (const auto* floating = node.as_floating_point()) {
    out.kind = TomlValue::Kind::floating;
    out.floating = floating->get();
  } else if (const auto* boolean = node.as_boolean()) {
    out.kind = TomlValue::Kind::boolean;
    out.boolean = boolean->get();
  } else if (const auto* array = node.as_array()) {
    convert_array(*array, display, out);
  }
  return out;
}

} // namespace

void throw_invalid_toml(const std::string& key,
                        const TomlValue& value,
                        const std::string& expected) {
  throw ConfigError(value.where,
                    "invalid value for '" + key + "': " + value.rendered + " (expected " + expected
                        + ")");
}

const TomlValue* TomlSource::find(const std::string& key) const {
  const auto found = values.find(key);
  return found == values.end() ? nullptr : &found->second;
}

std::string TomlSource::interpolate(const std::string& raw,
                                    const std::string& key,
                                    const Location& where) const {
  InterpolationContext context;
  context.lookup = [this](const std::string& name) -> const std::string* {
    return name == "here" ? &here : nullptr;
  };
  context.configparser_rules = false;
  context.where = where;
  context.key = key;
  context.section = "tool.alembic";
  context.raw = raw;
  return config::interpolate(raw, context);
}

std::optional<TomlSource> parse_toml_source(std::string_view text,
                                            const std::filesystem::path& path,
                                            const std::string& display) {
  toml::table document;
  try {
    document = toml::parse(text, display);
  } catch (const toml::parse_error& error) {
    const toml::source_position begin = error.source().begin;
    throw ConfigError(
        Location{display, static_cast<int>(begin.line), static_cast<int>(begin.column)},
        std::string(error.description()));
  }
  const toml::node* tool = document.get("tool");
  if (tool == nullptr) {
    return std::nullopt;
  }
  if (!tool->is_table()) {
    throw ConfigError(location_of(*tool, display), "Incorrect TOML format");
  }
  const toml::node* alembic = tool->as_table()->get("alembic");
  if (alembic == nullptr) {
    return std::nullopt;
  }
  if (!alembic->is_table()) {
    throw ConfigError(location_of(*alembic, display), "Incorrect TOML format");
  }
  TomlSource source;
  source.path = path;
  source.here = path.parent_path().generic_string();
  for (const auto& [key, value] : *alembic->as_table()) {
    source.values.emplace(std::string(key.str()), convert(value, display));
  }
  return source;
}

} // namespace migrate::config
