// SPDX-License-Identifier: MIT
// Configuration: alembic.ini (ConfigParser semantics) and pyproject.toml [tool.alembic], merged key
// by key (the ini wins), plus the database URL rules of docs/configuration.md.
#pragma once

#include <migrate/error.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::config {

// One section of an ini file: keys (lower-cased) to raw values, in file order.
struct IniSection {
  std::string name;
  int line = 0; // line of the "[name]" header
  std::vector<std::pair<std::string, std::string>> entries;
  std::map<std::string, int> key_lines;         // key -> line of the key
  std::map<std::string, std::size_t> key_index; // key -> position in entries

  const std::string* find(const std::string& key) const;
};

// A parsed ini file with Python ConfigParser (BasicInterpolation) semantics:
//  1. "[name]" starts a section; a duplicate section is an error.
//  2. "key = value" or "key: value"; keys are lower-cased and trimmed; a duplicate key in one
//     section is an error; a key outside any section is an error.
//  3. Whole-line comments start with '#' or ';' (leading whitespace allowed); inline comments are
//     NOT stripped.
//  4. A line indented deeper than its option line continues the value, joined with "\n"; a
//     blank line inside a value is kept as "\n" when more continuation follows and dropped at
//     its end; a comment line inside a value is skipped without ending it.
//  5. Values are raw; interpolation happens on get(): "%(name)s" from the same section or the
//     defaults (which hold "here"), "%%" -> "%"; anything else after '%' is an error.
//  6. A "[DEFAULT]" section adds to the defaults (it may appear more than once; it is not a
//     section of its own), as ConfigParser does.
//  7. A section header is "[" + at least one character + "]" after stripping the line; text
//     after the last ']' is ignored and the name is not trimmed ("[ a ]" is section " a ").
//  8. Lines end at "\n", "\r\n" or "\r"; a UTF-8 byte order mark at the start is skipped;
//     whitespace is Python's (str.strip), indentation is counted in characters.
// Where it differs from ConfigParser: the first error (in line order) is reported, and key
// lower-casing is ASCII only. Parse errors, all prefixed "<path>:<line>: ":
//  "line outside any section: '<text>' (a '[section]' header must come first)"
//  "section '<name>' already exists (first defined on line <n>)"
//  "option '<key>' in section '<name>' already exists (first defined on line <n>)"
//  "parsing error: '<text>' is not a '[section]' header, a 'key = value' line or a comment"
//  "parsing error: '<text>' has no key before the '<delimiter>'"
// (Hand-written rather than inih: inih has neither ConfigParser's continuation rules nor its
// interpolation, and alembic.ini files depend on both.)
class IniFile {
public:
  // Parses text; `path` is used in error messages; `defaults` are ConfigParser's DEFAULT values
  // (load() passes {"here": directory of the file}). Throws ConfigError with path:line.
  static IniFile parse(std::string_view text,
                       const std::string& path,
                       std::map<std::string, std::string> defaults = {});
  // Reads and parses a file; a missing file throws ConfigError.
  static IniFile load(const std::filesystem::path& path);

  const IniSection* section(const std::string& name) const;
  // Section names in file order, without DEFAULT (ConfigParser.sections()).
  std::vector<std::string> sections() const;
  bool has_section(const std::string& name) const { return section(name) != nullptr; }
  // ConfigParser.has_option: the section exists and it or the defaults have key.
  bool has_option(const std::string& section, const std::string& key) const;
  // ConfigParser.options: the section's own keys, then the defaults'; empty for a missing section.
  std::vector<std::string> options(const std::string& section) const;
  // Interpolated value of key in section; nullopt when the section or key is absent.
  // Throws ConfigError (path:line) for bad interpolation syntax or a missing reference.
  std::optional<std::string> get(const std::string& section, const std::string& key) const;
  // All keys of a section (with defaults' keys too, as ConfigParser does), interpolated, in
  // ConfigParser's order: defaults first, then the section's own keys. Empty for a missing
  // section. Throws like get() for the first bad value.
  std::vector<std::pair<std::string, std::string>> items(const std::string& section) const;
  // Where key's value comes from: the path and the line of the key in the section, else in
  // [DEFAULT], else line 0 (a default given to parse()).
  Location location(const std::string& section, const std::string& key) const;
  const std::string& path() const { return m_path; }

private:
  const std::string* raw_value(const IniSection& section, const std::string& key) const;

  std::string m_path;
  IniSection m_defaults; // "DEFAULT": parse()'s defaults, then the file's [DEFAULT] keys
  std::vector<IniSection> m_sections;
};

// A [post_write_hooks] entry of type exec.
struct WriteHook {
  std::string name;
  std::string type;       // only "exec" is supported; others are an error when run
  std::string executable; // argv[0]
  std::vector<std::string>
      options; // shlex-split options, REVISION_SCRIPT_FILENAME not yet replaced
  std::optional<std::string> cwd;
};

// Where to find configuration; filled from the global command-line flags.
struct LoadOptions {
  std::optional<std::filesystem::path> config_file; // -c; else $ALEMBIC_CONFIG; else ./alembic.ini
  std::string section = "alembic";                  // -n
  // Where ./alembic.ini and ./pyproject.toml are looked for; empty: the current directory.
  std::filesystem::path working_directory;
  std::optional<std::string> alembic_config_env; // value of $ALEMBIC_CONFIG, if set
};

// The resolved settings every command uses. Paths are absolute (relative ones resolved against
// the working directory, as Alembic does). load() fills every field from the key table
// (src/core/config/keys.cpp, docs/configuration.md), defaults included: they are written there
// only, so the fields here carry none.
// What is between migrate and PostgreSQL (docs/commands.md, "Connection poolers").
enum class Pooler {
  none,        // a direct connection, or a pooler that gives each client one server session
  transaction, // a pooler that may switch server connections between transactions
};

// The `lint` key (docs/lint.md): what lint findings do in revision and upgrade.
enum class LintMode {
  warn,  // printed as warnings
  error, // upgrade refuses to apply a revision with an error-level finding
  off,   // not linted
};

struct Config {
  std::optional<std::filesystem::path> ini_path;       // nullopt when only pyproject.toml exists
  std::optional<std::filesystem::path> pyproject_path; // set when it has [tool.alembic]
  std::string section = "alembic";

  std::filesystem::path script_location;
  std::vector<std::filesystem::path> version_locations;
  bool version_locations_explicit = false; // false: the default, <script_location>/versions
  bool recursive_version_locations{};
  std::string file_template; // after ini interpolation (single %)
  std::optional<std::string> timezone;
  int truncate_slug_length{};
  std::optional<std::string> sqlalchemy_url; // from the ini only; see resolve_database_url
  std::string version_table;
  std::optional<std::string> version_table_schema;
  bool transaction_per_migration{};
  bool pipeline{};
  double lock_timeout_seconds{}; // PostgreSQL's lock_timeout for revisions; 0: wait forever
  int lock_retries{};
  double migration_lock_timeout_seconds{};
  Pooler pooler{};
  std::optional<double> statement_timeout_seconds;
  std::filesystem::path schema_file;
  std::optional<std::string> dev_url;
  bool autogenerate_cache{};    // keep the scratch databases built from unchanged inputs
  std::optional<LintMode> lint; // nullopt: unset (warn on new revisions only)
  std::vector<WriteHook> post_write_hooks;

  // Any main-section key (ini first, then TOML), interpolated; for keys not modelled above.
  // Keys whose value cannot be read as text (bad interpolation, TOML arrays or tables) are left
  // out: as in Alembic, only reading such a key would be an error.
  std::map<std::string, std::string> main_options;

  // "<file>:<line>: unknown key 'lock_timout' in [alembic]; did you mean 'lock_timeout'?", one
  // per main-section key the key table does not know, in file order; the CLI prints them.
  std::vector<std::string> warnings;
};

// Finds and reads the configuration. Errors (ConfigError, exit 1), exactly:
//  - neither file: "No config file 'alembic.ini' found, or file has no '[alembic]' section"
//    (the name is -c's or $ALEMBIC_CONFIG's as given, the section is -n's)
//  - no script_location: "No 'script_location' key found in configuration."
//  - a bad value: "<file>:<line>: invalid value for '<key>': '<value>' (expected ...)"; from
//    pyproject.toml the place is "<file>:<line>:<col>:" and the value is shown as TOML
//  - ini parse and interpolation errors as documented for IniFile (for the keys read)
//  - "<file>:<line>: '<v>' is not a valid value for path_separator; expected 'space',
//    'newline', 'os', ':', ';'"
//  - "<file>:<line>:<col>: <toml++'s description>" for TOML syntax; "...: Incorrect TOML format";
//    "...: boolean value expected for TOML parameter '<key>'"; "...: unsupported TOML value type
//    for key: '<key>'"
//  - "<place>: Key '<name>.type' (or 'type' in toml) is required for post write hook '<name>'"
// Booleans: recursive_version_locations is true only for exactly "true" in the ini (Alembic);
// transaction_per_migration uses parse_bool. An empty timezone, version_table_schema or dev_url
// counts as unset.
Config load(const LoadOptions& options);

// Parses a boolean the way Alembic's asbool does (true/yes/on/y/t/1, false/no/off/n/f/0, any case).
std::optional<bool> parse_bool(std::string_view text);

// Parses a duration in seconds: a non-negative number ("30", "1.5") with an optional unit "ms",
// "s", "sec", "min" or "h" ("500ms", "2min", "30 s"). nullopt when it is not one.
std::optional<double> parse_duration(std::string_view text);

// Splits a command line the way Python's shlex.split does (POSIX mode). Throws ConfigError on an
// unterminated quote.
std::vector<std::string> shlex_split(std::string_view text);

// ---- Database URL (docs/configuration.md, "Database URL")
// --------------------------------------------------

// The URL to connect to, first found: --url, $DATABASE_URL, sqlalchemy.url (a "driver://..."
// placeholder counts as unset). nullopt means "use libpq's own environment (PGHOST...)".
std::optional<std::string> resolve_database_url(const std::optional<std::string>& cli_url,
                                                const std::optional<std::string>& env_url,
                                                const std::optional<std::string>& ini_url);

// Turns a user URL into a libpq connection string. Accepts postgresql://, postgres://,
// postgresql+asyncpg://, postgresql+psycopg2://, postgresql+psycopg:// and libpq key=value strings;
// asyncpg's "ssl=" query parameter becomes "sslmode=". Any other scheme throws ConfigError:
// "unsupported database URL '<masked>': migrate only speaks PostgreSQL (postgresql://...)".
std::string normalize_database_url(std::string_view url);

// The URL or conninfo string with any password replaced by "***": a URI's user-info password
// (from its first ':' to its last '@', which covers libpq's reading and a raw '@' or '/' a user
// meant as part of the password), every query parameter named password (percent-decoded, any
// case), a password keyword's value (quoted or not); after a key=value syntax error in a string
// that set a password, everything that follows.
std::string mask_password(std::string_view url_or_conninfo);

// Throws ConfigError (the text masked) for what libpq would misread, or refuse with a message
// quoting the text: a raw '@' in a URI's user info, an '@' after its first '/', a raw space,
// invalid percent-encoding, a key=value string libpq cannot parse. Empty is fine (libpq's
// environment).
void check_connection_string(std::string_view url_or_conninfo);

} // namespace migrate::config
