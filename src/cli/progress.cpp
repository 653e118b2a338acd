// SPDX-License-Identifier: MIT
// Progress lines of upgrade, downgrade and stamp.
#include "progress.hpp"

#include <migrate/util/strings.hpp>

#include <cstdio>

namespace migrate::cli {

namespace {
constexpr const char* k_prefix = "INFO  [migrate] ";
// Back to the line's start and clear it: the live line is rewritten in place.
constexpr const char* k_rewrite = "\r\033[K";
} // namespace

std::string format_duration(std::chrono::steady_clock::duration took) {
  const double ms = std::chrono::duration<double, std::milli>(took).count();
  char text[32];
  if (ms < 1000) {
    std::snprintf(text, sizeof text, "%.1f ms", ms);
  } else {
    std::snprintf(text, sizeof text, "%.2f s", ms / 1000);
  }
  return text;
}

Progress::Progress(Session& session)
    : m_session(session), m_quiet(session.options().quiet), m_terminal(session.err_is_terminal()) {}

Progress::~Progress() {
  // A failed step leaves its line open: end it, so the error starts a line of its own.
  end_open_line();
}

runner::RunObserver Progress::observer() {
  runner::RunObserver observer;
  if (m_quiet) {
    return observer;
  }
  observer.step_started = [this](const std::string& line) { started(line); };
  if (m_terminal) {
    observer.step_running = [this](std::chrono::milliseconds elapsed) { running(elapsed); };
  }
  observer.step_finished = [this](std::chrono::steady_clock::duration took) { finished(took); };
  observer.note = [this](const std::string& line) { note(line); };
  return observer;
}

void Progress::started(const std::string& line) {
  end_open_line();
  m_line = k_prefix + util::escape_control(line);
  m_shown = -1;
  m_session.err() << m_line << std::flush;
  m_open = true;
}

void Progress::running(std::chrono::milliseconds elapsed) {
  const long long tenths = elapsed.count() / 100;
  if (!m_open || tenths == m_shown || elapsed < std::chrono::milliseconds(500)) {
    return;
  }
  m_shown = tenths;
  char text[32];
  std::snprintf(text, sizeof text, " (%.1f s)", static_cast<double>(tenths) / 10);
  m_session.err() << k_rewrite << m_line << text << std::flush;
}

void Progress::finished(std::chrono::steady_clock::duration took) {
  std::ostream& err = m_session.err();
  if (m_open && m_terminal) {
    err << k_rewrite << m_line;
  } else if (!m_open) {
    err << m_line; // a note ended the line: the step's line again, now with its duration
  }
  err << " (" << format_duration(took) << ")\n" << std::flush;
  m_open = false;
}

void Progress::note(const std::string& line) {
  const bool was_open = m_open;
  end_open_line();
  m_session.err() << k_prefix << util::escape_control(line) << '\n';
  if (was_open && m_terminal) {
    m_session.err() << m_line; // the step goes on: its live line again
    m_open = true;
    m_shown = -1;
  }
  m_session.err() << std::flush;
}

void Progress::end_open_line() {
  if (m_open) {
    m_session.err() << '\n' << std::flush;
    m_open = false;
  }
}

void Progress::finish(const runner::RunResult& result,
                      const std::string& verb,
                      const std::string& target) {
  if (m_quiet) {
    return;
  }
  end_open_line();
  std::string line;
  if (result.steps == 0) {
    const std::string rows =
        result.starting_heads.empty() ? "base" : util::join(result.starting_heads, ", ");
    line = "Already at " + target + " (" + util::escape_control(rows) + ")";
  } else {
    line = std::to_string(result.steps) + (result.steps == 1 ? " revision " : " revisions ") + verb
           + " in " + format_duration(result.took);
  }
  m_session.err() << k_prefix << line << '\n' << std::flush;
}

} // namespace migrate::cli
