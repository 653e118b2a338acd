// SPDX-License-Identifier: MIT
// ScriptDirectory::write_revision: naming, version paths, template rendering, round trips.
#include "support.hpp"

using migrate::CommandError;
using migrate::Revision;
using migrate::ScriptError;
using migrate::script::NewRevision;
using migrate::script::parse_revision_file;
using migrate::script::ScriptDirectory;
using migrate::script::ScriptSettings;
using migrate::script::section_text;
using migrate::script::Timestamp;
using script_test::read;
using script_test::revision_text;
using script_test::TempDir;

namespace fs = std::filesystem;

namespace {

// The default template's shape (migrations/script.sql.tmpl of the example project).
const std::string k_template = "-- message: ${message}\n"
                               "-- revision: ${up_revision}\n"
                               "-- down_revision: ${down_revision}\n"
                               "-- branch_labels: ${branch_labels}\n"
                               "-- depends_on: ${depends_on}\n"
                               "-- create_date: ${create_date}\n"
                               "\n"
                               "-- migrate:upgrade\n"
                               "${upgrades}\n"
                               "\n"
                               "-- migrate:downgrade\n"
                               "${downgrades}\n";

Timestamp when() {
  Timestamp out;
  out.year = 2026;
  out.month = 3;
  out.day = 7;
  out.hour = 2;
  out.minute = 17;
  out.second = 31;
  out.microsecond = 54031;
  out.epoch = 1772849851;
  out.utc_offset = "+00:00";
  return out;
}

ScriptSettings settings_for(const TempDir& dir, const std::string& tmpl = k_template) {
  dir.write("migrations/script.sql.tmpl", tmpl);
  ScriptSettings settings;
  settings.script_location = dir.path() / "migrations";
  return settings;
}

NewRevision new_revision(const std::string& id, const std::string& message = "add users") {
  NewRevision revision;
  revision.id = id;
  revision.message = message;
  return revision;
}

} // namespace

TEST_CASE("write: the rendered file parses back as the requested revision") {
  TempDir dir;
  const ScriptDirectory directory = ScriptDirectory::load(settings_for(dir));
  NewRevision revision = new_revision("3f1e2d4c5b6a", "Add phone: number, to users!");
  revision.down_revisions = {"bbb", "aaa"};
  revision.branch_labels = {"billing"};
  revision.depends_on = {"networking", "9c0ffee11223"};
  revision.upgrades = "ALTER TABLE users ADD COLUMN phone text;";
  revision.downgrades = "ALTER TABLE users DROP COLUMN phone;";
  const fs::path path = directory.write_revision(revision, when());
  CHECK(path == dir.path() / "migrations/versions/3f1e2d4c5b6a_add_phone_number_to_users.sql");

  const std::string text = read(path);
  const Revision parsed = parse_revision_file(text, path);
  CHECK(parsed.id == "3f1e2d4c5b6a");
  CHECK(parsed.message == "Add phone: number, to users!");
  CHECK(parsed.down_revisions == std::vector<std::string>{"bbb", "aaa"});
  CHECK(parsed.branch_labels == std::vector<std::string>{"billing"});
  CHECK(parsed.depends_on == std::vector<std::string>{"networking", "9c0ffee11223"});
  CHECK(parsed.create_date == "2026-03-07 02:17:31.054031+00:00");
  CHECK(parsed.transactional);
  CHECK(section_text(text, parsed.upgrade) == "ALTER TABLE users ADD COLUMN phone text;\n\n");
  REQUIRE(parsed.downgrade);
  CHECK(section_text(text, *parsed.downgrade) == "ALTER TABLE users DROP COLUMN phone;\n");
}

TEST_CASE("write: the exact text of a base revision from the default template") {
  TempDir dir;
  const ScriptDirectory directory = ScriptDirectory::load(settings_for(dir));
  const fs::path path = directory.write_revision(new_revision("r4", ""), when());
  CHECK(path.filename() == "r4_.sql");
  CHECK(read(path)
        == "-- message: empty message\n-- revision: r4\n-- down_revision: \n-- branch_labels: \n"
           "-- depends_on: \n-- create_date: 2026-03-07 02:17:31.054031+00:00\n\n"
           "-- migrate:upgrade\n\n\n-- migrate:downgrade\n\n");
}

TEST_CASE("write: a message's line breaks become spaces in the header") {
  TempDir dir;
  const ScriptDirectory directory = ScriptDirectory::load(settings_for(dir));
  const fs::path path = directory.write_revision(new_revision("r1", "first\r\nsecond\n"), when());
  CHECK(path.filename() == "r1_first_second.sql");
  CHECK(parse_revision_file(read(path), path).message == "first  second");
}

TEST_CASE("write: -x arguments reach the template as x.KEY") {
  TempDir dir;
  const ScriptDirectory directory =
      ScriptDirectory::load(settings_for(dir, k_template + "-- owner: ${x.owner}\n"));
  NewRevision revision = new_revision("r1");
  revision.x_arguments = {{"owner", "ops"}};
  CHECK(read(directory.write_revision(revision, when())).find("-- owner: ops\n")
        != std::string::npos);
}

TEST_CASE("write: the seed-style file_template") {
  TempDir dir;
  ScriptSettings settings = settings_for(dir);
  settings.file_template = "%(year)d-%(month).2d-%(day).2d_%(rev)s_%(slug)s";
  const fs::path path = ScriptDirectory::load(settings).write_revision(
      new_revision("ae1027a6acf", "Add users table"), when());
  CHECK(path == dir.path() / "migrations/versions/2026-03-07_ae1027a6acf_add_users_table.sql");
  CHECK(fs::exists(path));
}

TEST_CASE("write: truncate_slug_length applies to the file name") {
  TempDir dir;
  ScriptSettings settings = settings_for(dir);
  settings.truncate_slug_length = 10;
  const fs::path path = ScriptDirectory::load(settings).write_revision(
      new_revision("r3", "Add a very long message"), when());
  CHECK(path.filename() == "r3_add_a_.sql"); // "add_a_very"[:10] cut at its last '_'
}

TEST_CASE("write: '/' in file_template creates subdirectories") {
  TempDir dir;
  ScriptSettings settings = settings_for(dir);
  settings.file_template = "%(year)d/%(month).2d/%(rev)s_%(slug)s";
  const fs::path path = ScriptDirectory::load(settings).write_revision(new_revision("r1"), when());
  CHECK(path == dir.path() / "migrations/versions/2026/03/r1_add_users.sql");
  CHECK(fs::exists(path));
}

TEST_CASE("write: a file name leaving the version directory is refused") {
  TempDir dir;
  ScriptSettings settings = settings_for(dir);
  settings.file_template = "../%(rev)s";
  CHECK_THROWS_MATCHES(
      ScriptDirectory::load(settings).write_revision(new_revision("r1"), when()),
      CommandError,
      Catch::Message("file_template renders '../r1.sql', which is not a file name inside the "
                     "version directory"));
}

TEST_CASE("write: an existing file is never overwritten") {
  TempDir dir;
  const fs::path existing =
      dir.write("migrations/versions/r1_add_users.sql", revision_text("other"));
  const ScriptDirectory directory = ScriptDirectory::load(settings_for(dir));
  CHECK_THROWS_MATCHES(
      directory.write_revision(new_revision("r1"), when()),
      CommandError,
      Catch::Message("File " + existing.string() + " already exists; refusing to overwrite it"));
  CHECK(read(existing) == revision_text("other"));
}

TEST_CASE("write: an illegal --rev-id is refused before anything is written") {
  TempDir dir;
  const ScriptDirectory directory = ScriptDirectory::load(settings_for(dir));
  CHECK_THROWS_MATCHES(
      directory.write_revision(new_revision("ab-c:d"), when()),
      CommandError,
      Catch::Message("Character(s) '-, :' not allowed in revision identifier 'ab-c:d'"));
  CHECK_FALSE(fs::exists(dir.path() / "migrations/versions"));
}

TEST_CASE("write: --version-path must be one of the version locations") {
  TempDir dir;
  ScriptSettings settings = settings_for(dir);
  settings.version_locations = {dir.path() / "core", dir.path() / "billing"};
  const ScriptDirectory directory = ScriptDirectory::load(settings);
  NewRevision revision = new_revision("r1");
  revision.version_path = dir.path() / "other";
  CHECK_THROWS_MATCHES(directory.write_revision(revision, when()),
                       CommandError,
                       Catch::Message("Path " + (dir.path() / "other").string()
                                      + " is not represented in current version locations"));
  // Another spelling of a location is the location; a missing one is created.
  revision.version_path = dir.path() / "core/../billing/";
  CHECK(directory.write_revision(revision, when()) == dir.path() / "billing/r1_add_users.sql");
}

TEST_CASE("write: several locations without --version-path follow the parent, else fail") {
  TempDir dir;
  dir.write("billing/b1.sql", revision_text("b1"));
  ScriptSettings settings = settings_for(dir);
  settings.version_locations = {dir.path() / "core", dir.path() / "billing"};
  const ScriptDirectory directory = ScriptDirectory::load(settings);
  NewRevision child = new_revision("b2");
  child.down_revisions = {"b1"};
  CHECK(directory.write_revision(child, when()) == dir.path() / "billing/b2_add_users.sql");
  CHECK_THROWS_MATCHES(
      directory.write_revision(new_revision("r1"), when()),
      CommandError,
      Catch::Message("Multiple version locations present, please specify --version-path"));
}

TEST_CASE("write: a missing template is an error naming it") {
  TempDir dir;
  ScriptSettings settings = settings_for(dir);
  fs::remove(dir.path() / "migrations/script.sql.tmpl");
  CHECK_THROWS_MATCHES(ScriptDirectory::load(settings).write_revision(new_revision("r1"), when()),
                       ScriptError,
                       Catch::Message((dir.path() / "migrations/script.sql.tmpl").string()
                                      + ": cannot read file: No such file or directory"));
}

TEST_CASE("write: a template that renders an unreadable revision writes nothing") {
  TempDir dir;
  const ScriptDirectory directory =
      ScriptDirectory::load(settings_for(dir, "-- revision: ${up_revision}\n-- migrate:upgrade\n"));
  const fs::path tmpl = dir.path() / "migrations/script.sql.tmpl";
  const fs::path target = dir.path() / "migrations/versions/r1_add_users.sql";
  CHECK_THROWS_MATCHES(directory.write_revision(new_revision("r1"), when()),
                       ScriptError,
                       Catch::Message(tmpl.string()
                                      + ": renders an invalid revision file: " + target.string()
                                      + ":1: missing required header 'down_revision' (add a line "
                                        "'-- down_revision: <parent id>', empty for a base "
                                        "revision)"));
  CHECK_FALSE(fs::exists(target));
}

TEST_CASE("write: a template without branch_labels gets Alembic's error") {
  TempDir dir;
  const ScriptDirectory directory = ScriptDirectory::load(
      settings_for(dir,
                   "-- revision: ${up_revision}\n-- down_revision: ${down_revision}\n"
                   "-- migrate:upgrade\n"));
  NewRevision revision = new_revision("r1");
  revision.branch_labels = {"billing"};
  CHECK_THROWS_MATCHES(
      directory.write_revision(revision, when()),
      CommandError,
      Catch::Message("Version r1 specified branch_labels billing, however the "
                     "migration file "
                     + (dir.path() / "migrations/versions/r1_add_users.sql").string()
                     + " does not have them; have you upgraded your "
                       "script.sql.tmpl to include the 'branch_labels' section?"));
}

TEST_CASE("write: a template that writes other parents is an error") {
  TempDir dir;
  const ScriptDirectory directory = ScriptDirectory::load(settings_for(
      dir, "-- revision: ${up_revision}\n-- down_revision: zzz\n-- migrate:upgrade\n"));
  NewRevision revision = new_revision("r1");
  revision.down_revisions = {"aaa"};
  CHECK_THROWS_MATCHES(directory.write_revision(revision, when()),
                       ScriptError,
                       Catch::Message((dir.path() / "migrations/script.sql.tmpl").string()
                                      + ": the rendered file has down_revision 'zzz' instead of "
                                        "'aaa'; does the template use ${down_revision}?"));
  CHECK_FALSE(fs::exists(dir.path() / "migrations/versions/r1_add_users.sql"));
}

#ifdef MIGRATE_SOURCE_DIR
TEST_CASE("write: the example project's template round-trips") {
  const fs::path shipped = fs::path(MIGRATE_SOURCE_DIR) / "migrations/script.sql.tmpl";
  REQUIRE(fs::exists(shipped));
  TempDir dir;
  const ScriptDirectory directory = ScriptDirectory::load(settings_for(dir, read(shipped)));
  NewRevision revision = new_revision("c0ffee000001", "merge heads");
  revision.down_revisions = {"aaa", "bbb"};
  revision.branch_labels = {"main"};
  revision.depends_on = {"ccc"};
  revision.upgrades = "SELECT 1;";
  const fs::path path = directory.write_revision(revision, when());
  const std::string text = read(path);
  const Revision parsed = parse_revision_file(text, path);
  CHECK(parsed.id == revision.id);
  CHECK(parsed.message == "merge heads");
  CHECK(parsed.down_revisions == revision.down_revisions);
  CHECK(parsed.branch_labels == revision.branch_labels);
  CHECK(parsed.depends_on == revision.depends_on);
  CHECK(parsed.create_date == "2026-03-07 02:17:31.054031+00:00");
  CHECK(section_text(text, parsed.upgrade).find("SELECT 1;") != std::string::npos);
}
#endif

TEST_CASE("write: a non-transactional revision says so, with or without a template line") {
  TempDir dir;
  NewRevision revision = new_revision("r1");
  revision.transactional = false;

  // The default template has no transactional line: one is added after the header.
  const ScriptDirectory plain = ScriptDirectory::load(settings_for(dir));
  const fs::path added = plain.write_revision(revision, when());
  const std::string text = read(added);
  CHECK(text.find("-- create_date: 2026-03-07 02:17:31.054031+00:00\n-- transactional: false\n\n")
        != std::string::npos);
  CHECK_FALSE(parse_revision_file(text, added).transactional);

  // A template with a fixed "true" line gets it replaced, not a second one.
  TempDir other;
  const std::string fixed = "-- revision: ${up_revision}\n-- down_revision: ${down_revision}\n"
                            "-- transactional: true\n\n-- migrate:upgrade\n";
  const fs::path replaced =
      ScriptDirectory::load(settings_for(other, fixed)).write_revision(revision, when());
  CHECK(read(replaced)
        == "-- revision: r1\n-- down_revision: \n-- transactional: false\n\n"
           "-- migrate:upgrade\n");

  // ${transactional} renders the value itself.
  TempDir third;
  const std::string variable = "-- revision: ${up_revision}\n-- down_revision: ${down_revision}\n"
                               "-- transactional: ${transactional}\n\n-- migrate:upgrade\n";
  const fs::path rendered =
      ScriptDirectory::load(settings_for(third, variable)).write_revision(revision, when());
  CHECK_FALSE(parse_revision_file(read(rendered), rendered).transactional);
}
