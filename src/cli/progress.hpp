// SPDX-License-Identifier: MIT
// What a moving command shows while it runs: each step's "Running upgrade a -> b, message" line
// when the step starts (Alembic's text), its duration when it ends, notes (lock waits, retries),
// and one summary line. On a terminal the step's line shows its elapsed time live; on a pipe the
// duration follows on the same line when the step ends. -q silences all of it.
#pragma once

#include "session.hpp"

#include <migrate/runner.hpp>

#include <chrono>
#include <string>

namespace migrate::cli {

class Progress {
public:
  explicit Progress(Session& session);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // The runner's observer, reporting here.
  runner::RunObserver observer();

  // "3 revisions applied in 1.2 s" ("reverted" going down, "stamped" for stamp), or when nothing
  // ran "Already at <target> (<rows>)".
  void finish(const runner::RunResult& result, const std::string& verb, const std::string& target);

private:
  void started(const std::string& line);
  void running(std::chrono::milliseconds elapsed);
  void finished(std::chrono::steady_clock::duration took);
  void note(const std::string& line);
  void end_open_line();

  Session& m_session;
  bool m_quiet;
  bool m_terminal;
  std::string m_line;     // the current step's text, "INFO  [migrate] Running ..."
  bool m_open = false;    // the step's line is on screen without its newline
  long long m_shown = -1; // tenths of a second last shown live
};

// "12.3 ms", "1.25 s": a step's duration as the progress lines print it.
std::string format_duration(std::chrono::steady_clock::duration took);

} // namespace migrate::cli
