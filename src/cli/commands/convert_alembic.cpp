// SPDX-License-Identifier: MIT
// `convert-alembic SRC [DEST]`: an Alembic project's Python revisions as SQL revision files. The
// SQL comes from Alembic's own offline mode, run by Python (convert_alembic.py, embedded in the
// binary); this side checks the result, writes every file or none, and says what to do about a
// step Alembic cannot render without a database (docs/moving-from-alembic.md).
#include "commands.hpp"
#include "templates.hpp"

#include <migrate/error.hpp>
#include <migrate/script.hpp>
#include <migrate/util/process.hpp>
#include <migrate/util/strings.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace migrate::cli {

extern const char* const k_convert_alembic_py;

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct ConvertOptions {
  std::string source;
  std::string destination;
  std::string python = "python3";
};

// One revision of the Alembic project, and where its SQL file goes.
struct Planned {
  fs::path python_file;
  fs::path target;
  script::ConvertedRevision revision;
  std::string failure; // "" when both steps rendered
};

std::vector<std::string> strings(const json& list) {
  std::vector<std::string> out;
  for (const json& item : list) {
    out.push_back(item.get<std::string>());
  }
  return out;
}

// Python's JSON document, or a CommandError saying what went wrong on that side.
json run_alembic_side(Session& session, const ConvertOptions& options) {
  // Alembic resolves a relative script_location (and prepend_sys_path) from the directory it
  // runs in, which is where alembic.ini lives: Python runs there too.
  const fs::path source = fs::absolute(options.source);
  const std::string directory =
      fs::is_regular_file(source) ? source.parent_path().string() : std::string();
  const util::ProgramResult result = util::run_program(
      {options.python, "-c", k_convert_alembic_py, source.string()}, nullptr, directory);
  if (result.spawn_error != 0) {
    throw CommandError("convert-alembic runs Alembic in Python, and '" + options.python
                       + "' could not be started (" + std::strerror(result.spawn_error)
                       + "); install python3-alembic (Debian), or pass --python with the "
                         "Python your Alembic project uses");
  }
  // What the revision modules and Alembic printed (warnings, a traceback): the user's to read.
  if (!result.err.empty() && !session.options().quiet) {
    session.err() << result.err << (result.err.ends_with('\n') ? "" : "\n");
  }
  if (result.exit_code != 0) {
    throw CommandError("'" + options.python + "' stopped with exit code "
                       + std::to_string(result.exit_code) + " while reading the Alembic project "
                       + options.source + " (its output is above)");
  }
  try {
    json document = json::parse(result.out);
    if (document.contains("error")) {
      // Where: the revision file that failed to import, else the project.
      const bool in_file = document.contains("where") && document["where"].is_string();
      throw CommandError((in_file ? document["where"].get<std::string>() : options.source) + ": "
                         + document["error"].get<std::string>());
    }
    return document;
  } catch (const json::exception& e) {
    throw CommandError(std::string("convert-alembic could not read what its Python side wrote (")
                       + e.what() + ")");
  }
}

Planned plan_one(const json& entry, const ConvertOptions& options) {
  Planned planned;
  planned.python_file = entry["path"].get<std::string>();
  const fs::path directory = options.destination.empty() ? planned.python_file.parent_path()
                                                         : fs::path(options.destination);
  planned.target = directory / planned.python_file.filename().replace_extension(".sql");
  script::ConvertedRevision& revision = planned.revision;
  revision.id = entry["revision"].get<std::string>();
  revision.down_revisions = strings(entry["down_revision"]);
  revision.branch_labels = strings(entry["branch_labels"]);
  revision.depends_on = strings(entry["depends_on"]);
  revision.message = entry["message"].get<std::string>();
  revision.create_date = entry["create_date"].get<std::string>();
  revision.transactional = entry["transactional"].get<bool>();
  if (entry.contains("failed")) {
    const json& failed = entry["failed"];
    const int line = failed["line"].get<int>();
    planned.failure =
        planned.python_file.string() + (line > 0 ? ":" + std::to_string(line) : "") + ": "
        + failed["direction"].get<std::string>()
        + "() cannot be rendered by Alembic's offline mode (" + failed["reason"].get<std::string>()
        + "), usually because it reads the database; write " + planned.target.string()
        + " by hand (revision " + revision.id + ", down_revision '"
        + util::join(revision.down_revisions, ", ") + "') and run convert-alembic again";
    return planned;
  }
  revision.upgrade_sql = entry["upgrade"].get<std::string>();
  if (!entry["downgrade"].is_null()) {
    revision.downgrade_sql = entry["downgrade"].get<std::string>();
  }
  return planned;
}

// Whether `target` already holds this revision (converted before, or written by hand): it is
// then left as it is. Any other file there is an error, never overwritten.
bool already_converted(const Planned& planned) {
  if (!fs::exists(planned.target)) {
    return false;
  }
  const Revision existing =
      script::parse_revision_file(script::read_file(planned.target), planned.target.string());
  if (existing.id != planned.revision.id) {
    throw CommandError(planned.target.string() + " exists and is revision " + existing.id + ", not "
                       + planned.revision.id + "; choose another DEST");
  }
  return true;
}

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream file(path, std::ios::binary);
  file << text;
  file.close();
  if (!file) {
    throw CommandError("could not write " + path.string());
  }
}

// An in-place conversion also gives the script folder migrate's revision template (the generic
// one `init` writes), the counterpart of script.py.mako, unless it has one.
void add_revision_template(Session& session, const fs::path& script_location) {
  const fs::path path = script_location / "script.sql.tmpl";
  if (fs::exists(path)) {
    return;
  }
  for (const TemplateFile& file : template_files()) {
    if (file.template_name == "generic" && file.path == "script.sql.tmpl") {
      write_file(path, std::string(file.content));
      session.info("Wrote " + path.string()
                   + ", the template of new revisions (the SQL counterpart of script.py.mako)");
      return;
    }
  }
}

void run_convert(Session& session, const ConvertOptions& options) {
  const json document = run_alembic_side(session, options);
  std::vector<Planned> plans;
  std::vector<std::string> failures;
  std::size_t kept = 0;
  for (const json& entry : document["revisions"]) {
    Planned planned = plan_one(entry, options);
    if (already_converted(planned)) {
      ++kept;
      continue;
    }
    if (!planned.failure.empty()) {
      failures.push_back(planned.failure);
      continue;
    }
    plans.push_back(std::move(planned));
  }
  // Reported and written in file order, not Alembic's walk from the heads down.
  std::sort(plans.begin(), plans.end(), [](const Planned& a, const Planned& b) {
    return a.target < b.target;
  });
  if (failures.size() == 1) {
    throw CommandError(failures.front() + "; nothing was written");
  }
  if (!failures.empty()) {
    throw CommandError(std::to_string(failures.size())
                       + " revisions cannot be converted; nothing was written:\n  "
                       + util::join(failures, "\n  "));
  }
  if (plans.empty() && kept == 0) {
    throw CommandError(options.source + " holds no Alembic revisions");
  }
  // Everything is rendered (and read back) before the first file is written.
  std::vector<std::string> texts;
  for (const Planned& planned : plans) {
    texts.push_back(script::render_converted_revision(planned.revision, planned.target.string()));
  }
  for (std::size_t i = 0; i < plans.size(); ++i) {
    const Planned& planned = plans[i];
    write_file(planned.target, texts[i]);
    std::string note;
    if (!planned.revision.downgrade_sql) {
      note = " (no downgrade section: its downgrade() raises NotImplementedError)";
    } else if (!planned.revision.transactional) {
      note = " (transactional: false: it uses an autocommit block)";
    }
    session.info("Converted " + planned.python_file.filename().string() + " -> "
                 + planned.target.string() + note);
  }
  std::string summary = "Converted " + std::to_string(plans.size()) + " revisions with Alembic "
                        + document["alembic"].get<std::string>();
  if (kept > 0) {
    summary +=
        "; " + std::to_string(kept) + " already had their SQL file and were left as they are";
  }
  session.info(summary);
  if (options.destination.empty()) {
    add_revision_template(session, document["script_location"].get<std::string>());
    session.info("Remove the .py revision files (migrate does not start while versions/ holds "
                 "them); see docs/moving-from-alembic.md");
  }
}

} // namespace

void add_convert_alembic_command(CLI::App& app, Session& session) {
  auto options = std::make_shared<ConvertOptions>();
  CLI::App* convert = app.add_subcommand(
      "convert-alembic", "Write an Alembic project's Python revisions as SQL revision files");
  convert
      ->add_option("source",
                   options->source,
                   "The Alembic project: its alembic.ini, or its script folder (env.py, versions/)")
      ->required();
  convert->add_option("destination",
                      options->destination,
                      "Folder for the .sql files (default: beside each .py file)");
  convert->add_option(
      "--python",
      options->python,
      "Python that can import Alembic and the project's modules (default: python3)");
  convert->footer("The SQL of each step is what Alembic's offline mode (alembic upgrade --sql) "
                  "writes for it.\n"
                  "Examples:\n  migrate convert-alembic alembic.ini migrations/versions\n"
                  "  migrate convert-alembic --python .venv/bin/python alembic");
  convert->callback([&session, options] { run_convert(session, *options); });
}

} // namespace migrate::cli
