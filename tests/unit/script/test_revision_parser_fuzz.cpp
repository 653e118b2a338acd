// SPDX-License-Identifier: MIT
// Property test: thousands of mutated revision files (fixed seed) either parse into a sane
// Revision or fail with a one-line ScriptError that starts with the path; nothing else escapes.
#include "support.hpp"

#include <random>

using migrate::Revision;
using migrate::ScriptError;
using migrate::script::illegal_id_characters;
using migrate::script::parse_revision_file;

namespace {

const std::string k_path = "fuzz/versions/x.sql";

const std::vector<std::string> k_seeds = {
    "-- message: add phone number to users\n-- revision: 3f1e2d4c5b6a\n"
    "-- down_revision: 1975ea83b712\n-- branch_labels: billing\n-- depends_on: 9c0ffee11223\n"
    "-- create_date: 2026-11-24 10:40:27.089406+00:00\n-- transactional: false\n\n"
    "-- migrate:upgrade\nALTER TABLE users ADD COLUMN phone text;\n\n-- migrate:downgrade\n"
    "ALTER TABLE users DROP COLUMN phone;\n",
    "\xEF\xBB\xBF-- revision: a\r\n-- down_revision: b, c\r\n\r\n-- migrate:upgrade\r\n"
    "SELECT 'caf\xC3\xA9';\r\n",
    "--revision:m\n--down_revision:\n-- migrate:upgrade\n-- migrate:downgrade",
    "-- revision: f\n-- down_revision:\n-- note\n\n-- migrate:upgrade\nCREATE FUNCTION f() RETURNS "
    "int AS $$ SELECT 1 -- migrate:downgrade\n$$ LANGUAGE sql;\n",
};

const std::vector<std::string> k_fragments = {
    "-- migrate:upgrade\n",
    "-- migrate:downgrade\n",
    "-- revision: x\n",
    "-- down_revision: a, b\n",
    "-- transactional: maybe\n",
    "-- branch_labels: ,\n",
    "\xEF\xBB\xBF",
    "--",
    ":",
    "\r\n",
    "\n\n",
    "-- migrate:",
    "-- message:",
    "\xC3",
    "\xF4\x90",
    "\xED\xA0\x80",
    std::string(1, '\0'),
    std::string(40, 'z'),
    "@-+",
    " \t",
};

const std::string k_bytes = std::string("\0\xff\xc3\xa9\r\n-: ,@+a\t\xEF\xBB\xBF", 18);

class Mutator {
public:
  explicit Mutator(std::uint32_t seed) : m_rng(seed) {}

  std::size_t below(std::size_t n) { return n == 0 ? 0 : m_rng() % n; }

  std::string mutate(std::string text) {
    const std::size_t steps = 1 + below(6);
    for (std::size_t i = 0; i < steps; ++i) {
      const std::size_t at = below(text.size() + 1);
      switch (below(8)) {
      case 0:
        text.insert(at, 1, k_bytes[below(k_bytes.size())]);
        break;
      case 1:
        text.insert(at, 1, static_cast<char>(below(256)));
        break;
      case 2:
        text.erase(at, below(8));
        break;
      case 3:
        if (at < text.size()) {
          text[at] = k_bytes[below(k_bytes.size())];
        }
        break;
      case 4:
        text.insert(at, k_fragments[below(k_fragments.size())]);
        break;
      case 5:
        text.resize(below(text.size() + 1));
        break;
      case 6:
        move_line(text);
        break;
      default:
        text.insert(at, text.substr(below(text.size() + 1), below(30)));
        break;
      }
    }
    return text;
  }

private:
  // Cuts a random line and inserts it at the start of another one.
  void move_line(std::string& text) {
    const std::size_t begin = text.rfind('\n', below(text.size() + 1));
    const std::size_t start = begin == std::string::npos ? 0 : begin + 1;
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string line = text.substr(start, end - start + 1);
    text.erase(start, line.size());
    const std::size_t target = text.rfind('\n', below(text.size() + 1));
    text.insert(target == std::string::npos ? 0 : target + 1, line);
  }

  std::mt19937 m_rng;
};

struct Tally {
  int parsed = 0;
  int rejected = 0;
};

void check_one(const std::string& text, Tally& tally) {
  try {
    const Revision revision = parse_revision_file(text, k_path);
    ++tally.parsed;
    REQUIRE(!revision.id.empty());
    REQUIRE(illegal_id_characters(revision.id).empty());
    REQUIRE(revision.id.size() <= 4 * 32);
    REQUIRE(revision.upgrade.first_line >= 2);
    // The sections lie inside the text, in order, and start where their line does.
    const auto starts_line = [&](const migrate::SqlSection& section) {
      return section.offset == text.size() || section.offset == 0
             || text[section.offset - 1] == '\n';
    };
    REQUIRE(revision.upgrade.offset + revision.upgrade.length <= text.size());
    REQUIRE(starts_line(revision.upgrade));
    if (revision.downgrade) {
      REQUIRE(revision.downgrade->first_line > revision.upgrade.first_line);
      REQUIRE(revision.upgrade.offset + revision.upgrade.length <= revision.downgrade->offset);
      REQUIRE(revision.downgrade->offset + revision.downgrade->length <= text.size());
      REQUIRE(starts_line(*revision.downgrade));
    }
  } catch (const ScriptError& error) {
    ++tally.rejected;
    const std::string message = error.what();
    INFO("input: " << ::Catch::Detail::stringify(text) << "\nerror: " << message);
    REQUIRE(message.rfind(k_path + ":", 0) == 0);
    REQUIRE(message.find('\n') == std::string::npos);
    REQUIRE(error.location().file == k_path);
    REQUIRE(error.location().line >= 1);
    REQUIRE(static_cast<std::size_t>(error.location().line)
            <= static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  } catch (const std::exception& error) {
    FAIL("unexpected exception '" << error.what()
                                  << "' for input: " << ::Catch::Detail::stringify(text));
  }
}

} // namespace

TEST_CASE("fuzz: the seeds themselves parse") {
  for (const std::string& seed : k_seeds) {
    CHECK_NOTHROW(parse_revision_file(seed, k_path));
  }
}

TEST_CASE("fuzz: mutated revision files parse or fail cleanly") {
  Mutator mutator(20261124);
  Tally tally;
  for (int i = 0; i < 50000; ++i) {
    check_one(mutator.mutate(k_seeds[mutator.below(k_seeds.size())]), tally);
  }
  // Both outcomes must be common, or the mutations are not exercising the parser.
  CHECK(tally.parsed > 2500);
  CHECK(tally.rejected > 2500);
}

TEST_CASE("fuzz: random bytes fail cleanly") {
  Mutator mutator(7);
  Tally tally;
  for (int i = 0; i < 3000; ++i) {
    std::string text(mutator.below(200), '\0');
    for (char& c : text) {
      c = static_cast<char>(mutator.below(256));
    }
    check_one(text, tally);
  }
  CHECK(tally.rejected == 3000);
}
