// SPDX-License-Identifier: MIT
// Running SQL in a scratch database: the schema file (errors on its line) and a plan.
#include <migrate/autogen.hpp>
#include <migrate/error.hpp>
#include <migrate/sql.hpp>
#include <migrate/util/interrupt.hpp>
#include <migrate/util/strings.hpp>

#include <algorithm>
#include <cctype>
#include <cstddef>

namespace migrate::autogen {

namespace {

using Statements = std::vector<sql::Statement>;

// Statements per transaction on the fast path: a handful of commits for a big schema, while the
// locks a transaction holds until its commit (~7 per created table) stay a small share of the
// server's lock table, which other sessions (the other scratch database) need too.
constexpr std::size_t k_batch = 100;

// The statement's first `count` words, upper-cased ("set local x" -> SET, LOCAL); "" for a
// missing one.
std::vector<std::string> leading_words(const std::string& text, std::size_t count) {
  std::vector<std::string> words(count);
  std::size_t i = 0;
  for (std::string& word : words) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0) {
      ++i;
    }
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])) != 0) {
      word += static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
      ++i;
    }
  }
  return words;
}

// Statements that mean something else inside a transaction block (transaction control, SET LOCAL,
// LOCK, DECLARE...). A file with any of them loads one statement at a time, exactly as always.
bool transaction_sensitive(const sql::Statement& statement) {
  static const std::vector<std::string> k_first = util::split(
      "ABORT BEGIN COMMIT DECLARE END LOCK PREPARE RELEASE ROLLBACK SAVEPOINT START", ' ');
  static const std::vector<std::string> k_set = {"LOCAL", "TRANSACTION", "CONSTRAINTS"};
  const std::vector<std::string> words = leading_words(statement.text, 2);
  const auto among = [](const std::vector<std::string>& list, const std::string& word) {
    return std::find(list.begin(), list.end(), word) != list.end();
  };
  return among(k_first, words[0]) || (words[0] == "SET" && among(k_set, words[1]));
}

// Each statement in its own message and transaction, so a failure names the line of the schema
// file where it happened.
void run_one_by_one(Database& database,
                    Statements::const_iterator begin,
                    Statements::const_iterator end,
                    const std::string& path) {
  for (auto statement = begin; statement != end; ++statement) {
    try {
      database.execute(statement->text);
    } catch (const SqlError& e) {
      int line = statement->line;
      if (e.fields().position > 0) {
        line += sql::line_of_position(statement->text, e.fields().position) - 1;
      }
      std::string message = path + ":" + std::to_string(line) + ": " + e.what();
      if (e.fields().sqlstate == "42704" && e.fields().message.starts_with("role ")) {
        // A GRANT or policy naming a role: autogenerate never creates roles.
        message += "; roles are not part of schema.sql: create the role on the scratch server "
                   "(dev_url) and on every server the revisions run on";
      }
      throw CommandError(message);
    }
  }
}

// The fast path: [begin, end) as one transaction in one message. False when the server refused
// it; the transaction was then rolled back and nothing of it stays.
bool run_as_one_transaction(Database& database,
                            const std::string& sql,
                            Statements::const_iterator begin,
                            Statements::const_iterator end) {
  const sql::Statement& last = *(end - 1);
  // The original text from the first statement to the end of the last, comments and all; the
  // ';' ends a last statement that has none.
  const std::string_view body =
      std::string_view(sql).substr(begin->offset, last.offset + last.text.size() - begin->offset);
  try {
    database.execute("BEGIN;\n" + std::string(body) + ";\nCOMMIT");
    return true;
  } catch (const SqlError&) {
    util::throw_if_interrupted(); // Ctrl-C cancelled it: stop, no second try
    return false;
  }
}

} // namespace

std::string without_meta_commands(const std::string& sql) {
  // psql meta-commands (pg_dump writes \restrict and \unrestrict) are lines starting with a
  // backslash where a statement starts; they are blanked out, so offsets and lines stay.
  std::string cleaned = sql;
  for (const sql::Statement& statement : sql::split_statements(sql)) {
    std::size_t at = statement.offset;
    while (at < cleaned.size() && cleaned[at] == '\\') {
      const std::size_t end = std::min(cleaned.find('\n', at), cleaned.size());
      std::fill(cleaned.begin() + static_cast<std::ptrdiff_t>(at),
                cleaned.begin() + static_cast<std::ptrdiff_t>(end),
                ' ');
      at = end;
      while (at < cleaned.size() && std::isspace(static_cast<unsigned char>(cleaned[at])) != 0) {
        ++at;
      }
    }
  }
  return cleaned;
}

void load_schema_file(Database& database, const std::string& original, const std::string& path) {
  const std::string sql = without_meta_commands(original);
  const Statements statements = sql::split_statements(sql, Location{path});
  database.execute("SET check_function_bodies = off");
  if (std::any_of(statements.begin(), statements.end(), transaction_sensitive)) {
    run_one_by_one(database, statements.begin(), statements.end(), path);
    return;
  }
  // Batches of statements, each one transaction in one message: a few commits and round trips
  // instead of one per statement. A batch the server refuses (a real error, or a statement that
  // cannot run in a transaction block such as CREATE INDEX CONCURRENTLY) was rolled back, and
  // runs again statement by statement: that either works or fails with the exact message and
  // line the one-by-one loading always gave.
  for (auto begin = statements.begin(); begin != statements.end();) {
    const auto left = static_cast<std::size_t>(statements.end() - begin);
    const auto end = begin + static_cast<std::ptrdiff_t>(std::min(k_batch, left));
    if (!run_as_one_transaction(database, sql, begin, end)) {
      run_one_by_one(database, begin, end, path);
    }
    begin = end;
  }
}

void apply_plan(Database& database, const Plan& plan) {
  if (plan.needs_no_transaction) {
    for (const Statement& statement : plan.statements) {
      database.execute(statement.sql);
    }
    return;
  }
  database.execute("BEGIN;\n" + plan.render() + "\nCOMMIT");
}

} // namespace migrate::autogen
