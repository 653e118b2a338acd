// SPDX-License-Identifier: MIT
// Reading a CLI11 application into CommandLineModel.
#include "command_model.hpp"

namespace migrate::cli::docs {

namespace {

// "TEXT:{text,json}" (what CLI11 shows for an IsMember check) -> "TEXT" and its values.
void split_type_name(const std::string& type_name, OptionModel& model) {
  const std::size_t open = type_name.find(":{");
  model.value_name = type_name.substr(0, open);
  if (open == std::string::npos || type_name.back() != '}') {
    return;
  }
  const std::string list = type_name.substr(open + 2, type_name.size() - open - 3);
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    model.choices.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
}

OptionModel read_option(const CLI::Option& option) {
  OptionModel model;
  model.short_names = option.get_snames();
  model.long_names = option.get_lnames();
  if (!option.nonpositional()) {
    model.positional_name = option.get_name(true);
  }
  if (option.get_items_expected_max() > 0) {
    split_type_name(option.get_type_name(), model);
  }
  model.description = option.get_description();
  model.required = option.get_required();
  model.repeatable = !option.nonpositional() && option.get_items_expected_max() > 1;
  return model;
}

CommandModel read_command(const CLI::App& command) {
  CommandModel model;
  model.name = command.get_name();
  model.description = command.get_description();
  model.footer = command.get_footer();
  for (const CLI::Option* option : command.get_options()) {
    if (option == command.get_help_ptr()) {
      continue; // every command has --help; the man page says so once
    }
    (option->nonpositional() ? model.options : model.positionals).push_back(read_option(*option));
  }
  return model;
}

} // namespace

CommandLineModel read_command_line(const CLI::App& app, const std::string& version) {
  CommandLineModel model;
  model.name = app.get_name();
  model.version = version;
  model.description = app.get_description();
  for (const CLI::Option* option : app.get_options()) {
    model.global_options.push_back(read_option(*option));
  }
  for (const CLI::App* command : app.get_subcommands({})) {
    model.commands.push_back(read_command(*command));
  }
  return model;
}

} // namespace migrate::cli::docs
