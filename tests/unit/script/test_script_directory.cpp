// SPDX-License-Identifier: MIT
// ScriptDirectory::load: scanning version locations in temporary directories.
#include "file_io.hpp"
#include "support.hpp"

#include <sys/stat.h>

using migrate::CommandError;
using migrate::ScriptError;
using migrate::script::read_section;
using migrate::script::ScriptDirectory;
using migrate::script::ScriptSettings;
using script_test::revision_text;
using script_test::TempDir;

namespace fs = std::filesystem;

namespace {

ScriptSettings settings_for(const TempDir& dir) {
  ScriptSettings settings;
  settings.script_location = dir.path() / "migrations";
  fs::create_directories(settings.script_location);
  return settings;
}

std::vector<std::string> ids(const ScriptDirectory& directory) {
  std::vector<std::string> out;
  for (const migrate::Revision& revision : directory.revisions()) {
    out.push_back(revision.id);
  }
  return out;
}

} // namespace

TEST_CASE("load: files load in sorted filename order from script_location/versions") {
  TempDir dir;
  dir.write("migrations/versions/b_second.sql", revision_text("bbb", "aaa"));
  dir.write("migrations/versions/a_first.sql", revision_text("aaa"));
  dir.write("migrations/versions/C_upper.sql", revision_text("ccc"));
  dir.write("migrations/versions/10_ten.sql", revision_text("ten"));
  dir.write("migrations/versions/9_nine.sql", revision_text("nine"));
  const ScriptDirectory directory = ScriptDirectory::load(settings_for(dir));
  CHECK(ids(directory) == std::vector<std::string>{"ten", "nine", "ccc", "aaa", "bbb"});
  CHECK(directory.revisions()[3].path == (dir.path() / "migrations/versions/a_first.sql").string());
  CHECK(directory.settings().version_locations
        == std::vector<fs::path>{dir.path() / "migrations/versions"});
  CHECK(directory.template_path() == dir.path() / "migrations/script.sql.tmpl");
  CHECK(directory.warnings().empty());
}

TEST_CASE("load: non-.sql files are ignored, __init__.py and editor lock files too") {
  TempDir dir;
  dir.write("migrations/versions/a.sql", revision_text("aaa"));
  dir.write("migrations/versions/README.md", "not a revision");
  dir.write("migrations/versions/a.sql~", "backup");
  dir.write("migrations/versions/__init__.py", "");
  dir.write("migrations/versions/.#a.sql", "lock");
  dir.write("migrations/versions/__pycache__/x.cpython-311.pyc", "");
  CHECK(ids(ScriptDirectory::load(settings_for(dir))) == std::vector<std::string>{"aaa"});
}

TEST_CASE("load: a .py revision is an error pointing out that Python is not run") {
  TempDir dir;
  dir.write("migrations/versions/1975ea83b712_add.py", "revision = '1975ea83b712'\n");
  CHECK_THROWS_MATCHES(
      ScriptDirectory::load(settings_for(dir)),
      ScriptError,
      Catch::Message((dir.path() / "migrations/versions/1975ea83b712_add.py").string()
                     + ": Python revision files are not run by migrate; convert them with "
                       "migrate convert-alembic (docs/moving-from-alembic.md)"));
}

TEST_CASE("load: subdirectories are ignored unless recursive") {
  TempDir dir;
  dir.write("migrations/versions/m.sql", revision_text("top"));
  dir.write("migrations/versions/b/x.sql", revision_text("bx"));
  dir.write("migrations/versions/a/z.sql", revision_text("az"));
  dir.write("migrations/versions/a/deeper/y.sql", revision_text("ady"));
  dir.write("migrations/versions/a/b.sql", revision_text("ab"));
  ScriptSettings settings = settings_for(dir);
  CHECK(ids(ScriptDirectory::load(settings)) == std::vector<std::string>{"top"});
  settings.recursive_version_locations = true;
  // os.walk order: a directory's files (sorted), then each subdirectory (sorted), depth first.
  CHECK(ids(ScriptDirectory::load(settings))
        == std::vector<std::string>{"top", "ab", "az", "ady", "bx"});
}

TEST_CASE("load: several locations in configured order; a missing one holds nothing") {
  TempDir dir;
  dir.write("billing/versions/a.sql", revision_text("bill1"));
  dir.write("core/versions/a.sql", revision_text("core1"));
  ScriptSettings settings = settings_for(dir);
  settings.version_locations = {
      dir.path() / "core/versions", dir.path() / "nowhere", dir.path() / "billing/versions/"};
  const ScriptDirectory directory = ScriptDirectory::load(settings);
  CHECK(ids(directory) == std::vector<std::string>{"core1", "bill1"});
  CHECK(directory.settings().version_locations[2] == dir.path() / "billing/versions");
}

TEST_CASE("load: no versions directory at all means no revisions") {
  TempDir dir;
  CHECK(ScriptDirectory::load(settings_for(dir)).revisions().empty());
}

TEST_CASE("load: the same file reached twice is loaded once, with Alembic's warning") {
  TempDir dir;
  dir.write("migrations/versions/a.sql", revision_text("aaa"));
  ScriptSettings settings = settings_for(dir);
  settings.version_locations = {dir.path() / "migrations/versions",
                                dir.path() / "migrations/../migrations/versions"};
  const ScriptDirectory directory = ScriptDirectory::load(settings);
  CHECK(ids(directory) == std::vector<std::string>{"aaa"});
  REQUIRE(directory.warnings().size() == 1);
  CHECK(directory.warnings()[0]
        == "File " + (dir.path() / "migrations/versions/a.sql").string()
               + " loaded twice! ignoring. Please ensure version_locations is unique.");
}

TEST_CASE("load: a duplicate revision id names both files") {
  TempDir dir;
  dir.write("migrations/versions/a.sql", revision_text("aaa"));
  dir.write("migrations/versions/b.sql", revision_text("aaa"));
  CHECK_THROWS_MATCHES(ScriptDirectory::load(settings_for(dir)),
                       ScriptError,
                       Catch::Message((dir.path() / "migrations/versions/b.sql").string()
                                      + ":2: duplicate revision id 'aaa' (also in "
                                      + (dir.path() / "migrations/versions/a.sql").string() + ")"));
}

TEST_CASE("load: a parse error names the file and line") {
  TempDir dir;
  dir.write("migrations/versions/a.sql", "-- revision: a\n-- down_revison: b\n");
  CHECK_THROWS_MATCHES(ScriptDirectory::load(settings_for(dir)),
                       ScriptError,
                       Catch::Message((dir.path() / "migrations/versions/a.sql").string()
                                      + ":2: unknown header key 'down_revison'; did you mean "
                                        "'down_revision'?"));
}

TEST_CASE("load: a missing script_location is Alembic's CommandError") {
  ScriptSettings settings;
  settings.script_location = "/nonexistent/migrate-test/migrations";
  CHECK_THROWS_MATCHES(ScriptDirectory::load(settings),
                       CommandError,
                       Catch::Message("Path doesn't exist: /nonexistent/migrate-test/migrations.  "
                                      "Please use the 'init' command to create a new scripts "
                                      "folder."));
}

TEST_CASE("load: a version location that is a file is an error") {
  TempDir dir;
  ScriptSettings settings = settings_for(dir);
  settings.version_locations = {dir.write("versions", "")};
  CHECK_THROWS_MATCHES(
      ScriptDirectory::load(settings),
      ScriptError,
      Catch::Message((dir.path() / "versions").string() + ": version location is not a directory"));
}

TEST_CASE("load: symbolic links to files are read, links to directories are not walked") {
  TempDir dir;
  dir.write("elsewhere/x.sql", revision_text("linked"));
  dir.write("elsewhere/sub/y.sql", revision_text("nested"));
  fs::create_directories(dir.path() / "migrations/versions");
  fs::create_symlink(dir.path() / "elsewhere/x.sql", dir.path() / "migrations/versions/x.sql");
  fs::create_directory_symlink(dir.path() / "elsewhere/sub",
                               dir.path() / "migrations/versions/sub");
  ScriptSettings settings = settings_for(dir);
  settings.recursive_version_locations = true;
  CHECK(ids(ScriptDirectory::load(settings)) == std::vector<std::string>{"linked"});
}

TEST_CASE("from_config copies the script settings") {
  migrate::config::Config config;
  config.script_location = "/p/migrations";
  config.version_locations = {"/p/a", "/p/b"};
  config.recursive_version_locations = true;
  config.file_template = "%(rev)s";
  config.timezone = "UTC";
  config.truncate_slug_length = 12;
  const ScriptSettings settings = ScriptSettings::from_config(config);
  CHECK(settings.script_location == "/p/migrations");
  CHECK(settings.version_locations == std::vector<fs::path>{"/p/a", "/p/b"});
  CHECK(settings.recursive_version_locations);
  CHECK(settings.file_template == "%(rev)s");
  CHECK(settings.timezone == std::optional<std::string>("UTC"));
  CHECK(settings.truncate_slug_length == 12);
}

TEST_CASE("load: a section is the file as it was loaded, kept for small files or read again") {
  TempDir dir;
  const fs::path file = dir.write("migrations/versions/a.sql",
                                  "\xEF\xBB\xBF-- revision: aaa\n-- down_revision:\n\n"
                                  "-- migrate:upgrade\nCREATE TABLE t (id int);\n"
                                  "-- migrate:downgrade\nDROP TABLE t;\n");
  const std::string big_body = "SELECT 1;\n" + std::string(20000, '-') + "\n";
  dir.write("migrations/versions/b.sql",
            "-- revision: bbb\n-- down_revision: aaa\n-- migrate:upgrade\n" + big_body);
  const ScriptDirectory directory = ScriptDirectory::load(settings_for(dir));
  const migrate::Revision& small = directory.revisions().at(0);
  const migrate::Revision& big = directory.revisions().at(1);
  CHECK(small.text != nullptr);
  CHECK(big.text == nullptr); // over the size kept in memory
  CHECK(read_section(big, big.upgrade).sql == big_body);

  const migrate::script::SectionText up = read_section(small, small.upgrade);
  CHECK(up.sql == "CREATE TABLE t (id int);\n");
  CHECK(up.first_line == 5);
  REQUIRE(small.downgrade);
  CHECK(read_section(small, *small.downgrade).sql == "DROP TABLE t;\n");

  // Edited after loading: a kept file still gives what was loaded; one read again is refused,
  // since its offsets no longer hold.
  migrate::Revision not_kept = small;
  not_kept.text = nullptr;
  CHECK(read_section(not_kept, not_kept.upgrade).sql == "CREATE TABLE t (id int);\n");
  dir.write("migrations/versions/a.sql",
            "-- revision: aaa\n-- down_revision:\n-- migrate:upgrade\nDROP TABLE users;\n");
  CHECK(read_section(small, small.upgrade).sql == "CREATE TABLE t (id int);\n");
  CHECK_THROWS_WITH(read_section(not_kept, not_kept.upgrade),
                    file.string()
                        + ": the file changed after migrate read it; run the command again");
  fs::remove(file);
  CHECK_THROWS_WITH(read_section(not_kept, not_kept.upgrade),
                    file.string() + ": cannot read file: No such file or directory");
}

TEST_CASE("load: thousands of files keep their order, and the first error in that order wins") {
  // Enough files for the reading to be split over threads (parse_files.cpp).
  TempDir dir;
  std::vector<std::string> expected;
  for (int i = 0; i < 3000; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "%05d_r.sql", i);
    const std::string id = "r" + std::to_string(i);
    dir.write(std::string("migrations/versions/") + name,
              revision_text(id, i == 0 ? "" : "r" + std::to_string(i - 1)));
    expected.push_back(id);
  }
  CHECK(ids(ScriptDirectory::load(settings_for(dir))) == expected);

  dir.write("migrations/versions/02500_r.sql", "-- revision: r2500\n");
  dir.write("migrations/versions/01700_r.sql", "-- revision: r1700\n-- down_revision: r1699\n");
  dir.write("migrations/versions/01900_r.sql", revision_text("r5"));
  CHECK_THROWS_WITH(
      ScriptDirectory::load(settings_for(dir)),
      (dir.path() / "migrations/versions/01700_r.sql").string()
          + ":2: missing '-- migrate:upgrade' line (add it after the header, followed "
            "by the upgrade SQL)");
}

TEST_CASE("read_file: whole files; a directory or a FIFO is refused, not waited on") {
  TempDir dir;
  const std::string big(200'000, 'x'); // more than one read
  dir.write("schema.sql", big);
  CHECK(migrate::script::read_file(dir.path() / "schema.sql") == big);
  dir.write("empty.sql", "");
  CHECK(migrate::script::read_file(dir.path() / "empty.sql").empty());
  fs::create_directory(dir.path() / "folder.sql");
  CHECK_THROWS_WITH(migrate::script::read_file(dir.path() / "folder.sql"),
                    (dir.path() / "folder.sql").string()
                        + ": cannot read file: not a regular file");
  const fs::path fifo = dir.path() / "fifo.sql";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_THROWS_WITH(migrate::script::read_file(fifo),
                    fifo.string() + ": cannot read file: not a regular file");
  CHECK_THROWS_WITH(migrate::script::read_file(dir.path() / "missing.sql"),
                    (dir.path() / "missing.sql").string()
                        + ": cannot read file: No such file or directory");
}
