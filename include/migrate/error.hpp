// SPDX-License-Identifier: MIT
// The one exception hierarchy of migrate: thrown anywhere, caught once in cli::run, mapped to an
// exit code.
#pragma once

#include <stdexcept>
#include <string>

namespace migrate {

// Process exit codes, as docs/commands.md, "Exit codes" lists them.
enum class ExitCode : int {
  success = 0,
  user_error = 1,   // config, script, revision, resolution, check failed
  usage = 2,        // bad flags
  database = 3,     // connection or SQL failure (rolled back)
  lock_timeout = 4, // advisory lock not acquired within lock_timeout
};

// A place in a file; line and column are 1-based and 0 when unknown.
struct Location {
  std::string file;
  int line = 0;
  int column = 0;

  // "file:line:" or "file:line:column:" or "file:" -- the prefix of an error message.
  std::string prefix() const;
};

// Root of every error migrate reports to the user. what() is the one-line message, without the
// "migrate: error: " prefix, which only cli::run adds.
class Error : public std::runtime_error {
public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
  virtual ExitCode exit_code() const noexcept { return ExitCode::user_error; }
};

// alembic.ini, pyproject.toml, environment or URL problems.
class ConfigError : public Error {
public:
  using Error::Error;
  ConfigError(const Location& where, const std::string& message);
};

// A revision file, template or script directory that cannot be read or understood.
// The message starts with the location ("path:line: ...").
class ScriptError : public Error {
public:
  ScriptError(const Location& where, const std::string& message);
  const Location& location() const noexcept { return m_location; }

private:
  Location m_location;
};

// The revision graph: an invalid graph (cycle, self-loop, duplicate label...) or a failed walk.
class RevisionError : public Error {
public:
  using Error::Error;
};

// An identifier that names no revision, or more than one. The CLI reports these as Alembic does:
// "Can't locate revision identified by '<argument>'".
class ResolutionError : public RevisionError {
public:
  ResolutionError(const std::string& message, std::string argument)
      : RevisionError(message), m_argument(std::move(argument)) {}
  const std::string& argument() const noexcept { return m_argument; }

private:
  std::string m_argument;
};

// "head" (or "label@head") named several revisions.
class MultipleHeads : public RevisionError {
public:
  MultipleHeads(const std::string& message, std::string argument)
      : RevisionError(message), m_argument(std::move(argument)) {}
  const std::string& argument() const noexcept { return m_argument; }

private:
  std::string m_argument;
};

// A requested range whose ends are not ancestor and descendant.
class RangeNotAncestorError : public RevisionError {
public:
  using RevisionError::RevisionError;
};

// Any other user-facing failure of a command (Alembic's CommandError).
class CommandError : public Error {
public:
  using Error::Error;
};

// Bad command-line usage.
class UsageError : public Error {
public:
  using Error::Error;
  ExitCode exit_code() const noexcept override { return ExitCode::usage; }
};

// A connection failure or a failed statement; the transaction has been rolled back.
class DatabaseError : public Error {
public:
  using Error::Error;
  ExitCode exit_code() const noexcept override { return ExitCode::database; }
};

// The advisory lock could not be taken within lock_timeout.
class LockTimeoutError : public Error {
public:
  using Error::Error;
  ExitCode exit_code() const noexcept override { return ExitCode::lock_timeout; }
};

} // namespace migrate
