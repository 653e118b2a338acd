// SPDX-License-Identifier: MIT
// `init DIR [-t TEMPLATE]` and `list_templates`: create a project from an embedded template.
#include "commands.hpp"
#include "templates.hpp"

#include <migrate/error.hpp>

#include <fstream>
#include <set>

namespace migrate::cli {

namespace {

namespace fs = std::filesystem;

std::set<std::string> template_names() {
  std::set<std::string> names;
  for (const TemplateFile& file : template_files()) {
    names.emplace(file.template_name);
  }
  return names;
}

// A template's description: the first line of its README.
std::string synopsis(std::string_view name) {
  for (const TemplateFile& file : template_files()) {
    if (file.template_name == name && file.path == "README") {
      return std::string(file.content.substr(0, file.content.find('\n')));
    }
  }
  return {};
}

std::string_view template_content(std::string_view name, std::string_view path) {
  for (const TemplateFile& file : template_files()) {
    if (file.template_name == name && file.path == path) {
      return file.content;
    }
  }
  // The shared pieces (script.sql.tmpl, schema.sql) live in the generic template.
  return name == "generic" ? std::string_view{} : template_content("generic", path);
}

// The ini templates point script_location at %(here)s/migrations; init points it at DIR.
std::string with_script_location(std::string_view text, const std::string& location) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    std::string_view line = text.substr(start, end - start);
    if (line.starts_with("script_location")) {
      out += "script_location = " + location + "\n";
    } else {
      out += line;
    }
    start = end;
  }
  return out;
}

void write_file(Session& session, const fs::path& path, std::string_view content) {
  std::ofstream file(path, std::ios::binary);
  file << content;
  if (!file) {
    throw CommandError("could not write " + path.string());
  }
  session.print("Generating " + path.string() + " ...  done");
}

void create_directory(Session& session, const fs::path& path) {
  std::error_code error;
  fs::create_directories(path, error);
  if (error) {
    throw CommandError("could not create directory " + path.string() + ": " + error.message());
  }
  session.print("Creating directory " + path.string() + " ...  done");
}

struct InitOptions {
  std::string directory;
  std::string template_name = "generic";
};

void run_init(Session& session, const InitOptions& options) {
  if (!template_names().contains(options.template_name)) {
    throw CommandError("No such template '" + options.template_name
                       + "' (see 'migrate list_templates')");
  }
  const fs::path directory = fs::absolute(options.directory).lexically_normal();
  if (fs::exists(directory) && !fs::is_empty(directory)) {
    throw CommandError("Directory " + options.directory + " already exists and is not empty");
  }
  const fs::path ini = fs::absolute(session.options().config_file.value_or("alembic.ini"));
  const fs::path ini_dir = ini.parent_path();
  const std::string location = fs::path(options.directory).is_absolute()
                                   ? directory.string()
                                   : "%(here)s/" + directory.lexically_relative(ini_dir).string();

  create_directory(session, directory);
  create_directory(session, directory / "versions");
  write_file(session,
             directory / "script.sql.tmpl",
             template_content(options.template_name, "script.sql.tmpl"));
  write_file(
      session, directory / "schema.sql", template_content(options.template_name, "schema.sql"));
  // The README names the folder as the user named it.
  std::string readme(template_content(options.template_name, "README"));
  const std::string folder = fs::path(options.directory).lexically_normal().string() + "/";
  for (std::size_t at = readme.find("${directory}"); at != std::string::npos;
       at = readme.find("${directory}", at + folder.size())) {
    readme.replace(at, std::string_view("${directory}").size(), folder);
  }
  write_file(session, directory / "README", readme);

  if (options.template_name == "pyproject") {
    const fs::path toml = ini_dir / "pyproject.toml";
    if (fs::exists(toml)) {
      session.print("File " + toml.string() + " already exists, skipping");
    } else {
      write_file(session,
                 toml,
                 with_script_location(template_content("pyproject", "pyproject.toml"),
                                      "\"" + location + "\""));
    }
  }
  if (fs::exists(ini)) {
    session.print("File " + ini.string() + " already exists, skipping");
  } else {
    write_file(
        session,
        ini,
        with_script_location(template_content(options.template_name, "alembic.ini"), location));
  }
  session.print("Please set the database URL (sqlalchemy.url in '" + ini.string()
                + "', or $DATABASE_URL) and put the schema you want in '"
                + (directory / "schema.sql").string() + "' before proceeding.");
}

void run_list_templates(Session& session) {
  session.print("Available templates:\n");
  for (const std::string& name : template_names()) {
    session.print(name + " - " + synopsis(name));
  }
  session.print("\nTemplates are used via the 'init' command, e.g.:");
  session.print("\n  migrate init --template generic ./migrations");
}

} // namespace

void add_init_command(CLI::App& app, Session& session) {
  auto options = std::make_shared<InitOptions>();
  CLI::App* init = app.add_subcommand("init", "Initialize a new scripts directory");
  init->add_option("directory", options->directory, "Location of the scripts directory")
      ->required();
  init->add_option("-t,--template", options->template_name, "Template to use (default: generic)");
  init->footer("Examples:\n"
               "  migrate init migrations\n"
               "  migrate -c config/alembic.ini init db/migrations\n"
               "  migrate init --template pyproject migrations");
  init->callback([&session, options] { run_init(session, *options); });

  CLI::App* list = app.add_subcommand("list_templates", "List available templates");
  list->footer("Example:\n  migrate list_templates");
  list->callback([&session] { run_list_templates(session); });
}

} // namespace migrate::cli
