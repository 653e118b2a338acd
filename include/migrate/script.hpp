// SPDX-License-Identifier: MIT
// The script directory: reading revision files (docs/commands.md, "Revision files"), the revision
// template and file_template, writing new revisions, post-write hooks.
#pragma once

#include <migrate/config.hpp>
#include <migrate/revision.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::script {

// Parses one revision file's text. Grammar:
//   header   := { "-- " key ":" [value] NEWLINE }   (the leading run of such lines; blank lines
//               may not interrupt it)
//   sections := "-- migrate:upgrade" NEWLINE sql [ "-- migrate:downgrade" NEWLINE sql ]
// Keys: message, revision, down_revision (required, may be empty), branch_labels, depends_on,
// create_date, transactional (true/false). Errors are ScriptError "path:line: ..." for: an unknown
// key (with "did you mean"), a missing required key, a duplicate key, an illegal character in an
// id (Alembic's text: "Character(s) '-, :' not allowed in revision identifier 'ab-c:d'"), an id
// longer than 32 characters, a bad transactional value, a missing or duplicated or misordered
// section marker, text before the upgrade marker, a file that is not UTF-8 or holds a NUL byte.
// Also accepted: CRLF, a UTF-8 BOM, "--key:value" without spaces. Also rejected: an unknown
// "-- migrate:..." marker, a known header key after the header ended, empty, repeated or
// whitespace-containing list items. The full rule list is at the top of revision_parser.cpp.
// The sections are returned as offsets into `text` (see section_text); revision.stamp is left
// zero for the caller to fill in.
Revision parse_revision_file(std::string_view text, const std::string& path);

// One section's SQL, read when it is about to run or be printed.
struct SectionText {
  std::string sql;
  int first_line = 0; // line of the file where the SQL starts
};

// The SQL of `section` within `file_text`, the text the revision was parsed from.
std::string_view section_text(std::string_view file_text, const SqlSection& section);

// The SQL of `section`: from revision.text when the file was kept, else read from the file.
// ScriptError naming the file ("the file changed after migrate read it; run the command again")
// when its size or times differ from revision.stamp, or it cannot be read. Either way it is the
// file as it was when the revision was loaded.
SectionText read_section(const Revision& revision, const SqlSection& section);

// The bytes of `path`; ScriptError "path: cannot read file: <reason>" on failure.
std::string read_file(const std::filesystem::path& path);

// The characters Alembic forbids in revision ids ('@', '-', '+', ':' and whitespace); returns them
// sorted and de-duplicated, joined with ", ", or "" when the id is legal.
std::string illegal_id_characters(std::string_view id);

// Throws CommandError with Alembic's text if `id` is not a legal new revision id:
// "Character(s) '-, :' not allowed in revision identifier 'ab-c:d'", or longer than 32 chars,
// or "empty revision identifier".
void check_revision_id(std::string_view id);

// Where revision files live and how new ones are named.
struct ScriptSettings {
  std::filesystem::path script_location;
  std::vector<std::filesystem::path> version_locations;
  bool recursive_version_locations = false;
  std::string file_template = "%(rev)s_%(slug)s";
  std::optional<std::string> timezone; // IANA name, "UTC"; nullopt = local time
  int truncate_slug_length = 40;

  static ScriptSettings from_config(const config::Config& config);
};

// Slug of a message: "_".join(re.findall(r"\w+", message)).lower(), truncated Alembic's way:
// slug[:N].rsplit("_", 1)[0] + "_" when longer than N.
std::string slugify(std::string_view message, int truncate_slug_length);

// A moment rendered for create_date and file_template, in the configured timezone.
struct Timestamp {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, microsecond = 0;
  long long epoch = 0;    // seconds since 1970, int(create_date.timestamp())
  std::string utc_offset; // "+00:00" when a timezone is configured, "" for local time
  // "2026-11-24 10:40:27.089406+00:00" (Python's str(datetime)).
  std::string to_string() const;
};
// Now, in `timezone` (nullopt = local). Throws CommandError "Can't locate timezone: X".
Timestamp now_in(const std::optional<std::string>& timezone);
// The same for a given moment (tests, reproducible output). The zone is looked up in $TZDIR or
// /usr/share/zoneinfo, as written and then upper-cased, as Alembic does.
Timestamp timestamp_at(std::chrono::system_clock::time_point when,
                       const std::optional<std::string>& timezone);

// Renders file_template with Python %-format tokens: %(rev)s %(slug)s %(epoch)s %(year)d
// %(month).2d %(day).2d %(hour).2d %(minute).2d %(second).2d (and "%%" -> "%"). An unknown token
// throws ConfigError naming it.
std::string render_file_template(std::string_view file_template,
                                 std::string_view rev,
                                 std::string_view slug,
                                 const Timestamp& when);

// Renders script.sql.tmpl: "${name}" is replaced by vars[name]; "$$" is a literal "$". An unknown
// name is a ScriptError naming the template file and line. Variables the revision command passes:
// up_revision, down_revision, branch_labels, depends_on, message, create_date, upgrades,
// downgrades, and x.KEY for each -x KEY=VALUE.
std::string render_template(std::string_view template_text,
                            const std::map<std::string, std::string>& vars,
                            const std::string& template_path);

// What `revision` / `merge` write.
struct NewRevision {
  std::string id;
  std::vector<std::string> down_revisions;
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  std::string message;                               // "" renders as "empty message"
  std::optional<std::filesystem::path> version_path; // --version-path, else the first location
  std::map<std::string, std::string> x_arguments;
  std::string upgrades; // SQL bodies, empty for a hand-written revision
  std::string downgrades;
  // false: the file's header says "transactional: false" (rendered as ${transactional}, or added
  // after the header when the template has no such line).
  bool transactional = true;
};

class ScriptDirectory {
public:
  // Scans every version location in sorted filename order (recursively when configured).
  // .sql files are parsed; a .py file is a ScriptError ("Python revision files are not run by
  // migrate; convert them with migrate convert-alembic ..."); other files are ignored. A missing
  // script_location throws CommandError "Path doesn't exist: <path>.  Please use the 'init' command
  // to create a new scripts folder." A duplicate revision id is a ScriptError naming both files. A
  // missing version location holds no revisions. __init__.py, "__pycache__" and ".#*" are skipped;
  // settings().version_locations becomes absolute (default script_location/versions). The
  // rules are listed at the top of script_directory.cpp.
  static ScriptDirectory load(const ScriptSettings& settings);

  const ScriptSettings& settings() const { return m_settings; }
  // Revisions in load order (location order, then sorted path order).
  const std::vector<Revision>& revisions() const { return m_revisions; }
  std::filesystem::path template_path() const; // script_location/script.sql.tmpl
  // Alembic's non-fatal notices from load(), e.g. "File <p> loaded twice! ignoring. Please
  // ensure version_locations is unique."; the CLI prints them.
  const std::vector<std::string>& warnings() const { return m_warnings; }

  // Renders the template and writes a new revision file (creating the version directory if
  // needed). Returns the path written. Throws CommandError if the file exists already or the
  // version path is not one of the version locations ("Path <p> is not represented in current
  // version locations"). With several locations and no version_path, the location holding a
  // parent is used, else CommandError "Multiple version locations present, please specify
  // --version-path". The rendered text is parsed in memory first: a template that renders an
  // unreadable revision, or drops the id, parents, labels or dependencies, is a ScriptError
  // naming the template and nothing is written. Does not run hooks.
  std::filesystem::path write_revision(const NewRevision& revision, const Timestamp& when) const;

private:
  std::filesystem::path choose_version_path(const NewRevision& revision) const;

  ScriptSettings m_settings;
  std::vector<Revision> m_revisions;
  std::vector<std::string> m_warnings;
};

// A revision read from an Alembic project by convert-alembic (docs/moving-from-alembic.md).
struct ConvertedRevision {
  std::string id;
  std::vector<std::string> down_revisions;
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  std::string message;
  std::string create_date; // as the Python file's docstring says it ("" when it does not)
  std::string upgrade_sql;
  std::optional<std::string> downgrade_sql; // nullopt: downgrade() said NotImplementedError
  bool transactional = true;                // false: it used an autocommit block
};

// The text of the SQL revision file for `revision`, to be written at `path`: the header with
// every key that has a value, then the sections (no downgrade section for an irreversible one).
// The text is parsed back first: a ScriptError naming `path` if it would not read as the same
// revision (an id migrate cannot accept, a message that breaks the header).
std::string render_converted_revision(const ConvertedRevision& revision, const std::string& path);

// The errors run_post_write_hooks would raise for a hook it cannot run (a non-"exec" type, a
// missing type or executable), raised before a file is written.
void check_post_write_hooks(const std::vector<config::WriteHook>& hooks);

// Runs the post-write hooks on a new file, without a shell: argv = executable + options, with
// every "REVISION_SCRIPT_FILENAME" token replaced by `path` (prepended when absent). Prints
// "Running post write hook '<name>' ..." and "  done" to `out`. A non-"exec" type, a missing
// executable key, or an executable that cannot be started is a CommandError; the hook's exit
// status is ignored, as Alembic does.
void run_post_write_hooks(const std::vector<config::WriteHook>& hooks,
                          const std::filesystem::path& path,
                          std::ostream& out);

} // namespace migrate::script
