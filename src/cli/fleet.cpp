// SPDX-License-Identifier: MIT
// A fleet run (docs/fleets.md): one command over many databases, at most --jobs at a time. Each
// target runs in a child migrate process (this binary, with --url set to the target), so a
// target's connection, lock and memory come and go with it: the parent holds only each target's
// one-line result, and memory depends on --jobs, not on how many targets there are.
#include "fleet.hpp"

#include "fleet_targets.hpp"
#include "json_output.hpp"
#include "signals.hpp"

#include <migrate/error.hpp>
#include <migrate/util/interrupt.hpp>
#include <migrate/util/process.hpp>
#include <migrate/util/strings.hpp>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <nlohmann/json.hpp>

namespace migrate::cli {

namespace {

constexpr std::array k_fleet_commands = {
    "upgrade", "downgrade", "stamp", "current", "status", "check", "verify", "lint"};

struct FleetOptions {
  std::string targets;
  int jobs = 4;
  bool continue_on_error = false;
  std::vector<std::string> child_arguments; // argv without the fleet options
  std::string command;
};

enum class Outcome { pending, ok, failed, not_started };

struct Result {
  Outcome outcome = Outcome::pending;
  int exit_code = 0;
  std::string detail;    // one line: what the target did, or its error
  nlohmann::json result; // the child's JSON document, when it printed one
};

// One running child.
struct Child {
  std::size_t target = 0;
  pid_t pid = 0;
  int out = -1;
  int err = -1;
  std::string out_text;
  std::string err_text;
};

FleetOptions fleet_options(int argc, const char* const* argv, const std::string& command) {
  FleetOptions options;
  options.command = command;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const auto value = [&](std::string_view name) -> std::string {
      if (arg.size() > name.size() && arg.starts_with(name) && arg[name.size()] == '=') {
        return std::string(arg.substr(name.size() + 1));
      }
      if (i + 1 >= argc) {
        throw UsageError(std::string(name) + " needs a value");
      }
      return argv[++i];
    };
    if (arg == "--targets" || arg.starts_with("--targets=")) {
      options.targets = value("--targets");
    } else if (arg == "--jobs" || arg.starts_with("--jobs=")) {
      const std::string text = value("--jobs");
      const auto [end, error] =
          std::from_chars(text.data(), text.data() + text.size(), options.jobs);
      if (error != std::errc() || end != text.data() + text.size() || options.jobs < 1) {
        throw UsageError("--jobs needs a positive number, not '" + text + "'");
      }
    } else if (arg == "--continue-on-error") {
      options.continue_on_error = true;
    } else if (arg == "--url" || arg.starts_with("--url=")) {
      throw UsageError("--url and --targets do not go together: --targets names the databases");
    } else if (arg == "--format" || arg.starts_with("--format=")) {
      value("--format"); // the parent prints the format asked for; children always say JSON
    } else {
      options.child_arguments.emplace_back(arg);
    }
  }
  return options;
}

// Whether the children can print JSON (the command has a JSON form and prints no SQL).
bool children_speak_json(const FleetOptions& options) {
  const auto& args = options.child_arguments;
  return has_json_form(options.command)
         && std::none_of(args.begin(), args.end(), [](const std::string& arg) {
              return arg == "--sql" || arg == "--dry-run";
            });
}

Child start(const FleetOptions& options, const Target& target, std::size_t index) {
  std::vector<std::string> args{"migrate", "--url", target.url};
  if (children_speak_json(options)) {
    args.insert(args.end(), {"--format", "json"});
  }
  args.insert(args.end(), options.child_arguments.begin(), options.child_arguments.end());
  // This binary again: /proc/self/exe, whatever PATH holds.
  const util::StartedProgram started =
      util::start_program(args, {"/proc/self/exe", nullptr, "", true});
  if (started.spawn_error != 0) {
    throw CommandError(std::string("could not start a fleet child: ")
                       + std::strerror(started.spawn_error));
  }
  Child child;
  child.target = index;
  child.pid = started.pid;
  child.out = started.out;
  child.err = started.err;
  return child;
}

// The child's "migrate: error: ..." line, without the prefix.
std::string error_line(const std::string& err_text) {
  constexpr std::string_view prefix = "migrate: error: ";
  const std::size_t at = err_text.find(prefix);
  if (at == std::string::npos) {
    const std::string_view trimmed = util::trim(err_text);
    return std::string(trimmed.substr(trimmed.rfind('\n') + 1));
  }
  const std::size_t end = err_text.find('\n', at);
  return err_text.substr(at + prefix.size(),
                         end == std::string::npos ? end : end - at - prefix.size());
}

// What a successful target did, in one line, from its JSON document (or its last output line).
std::string summary_of(const std::string& command,
                       const nlohmann::json& document,
                       const std::string& out_text) {
  if (document.is_null()) {
    const std::string_view trimmed = util::trim(out_text);
    return std::string(trimmed.substr(trimmed.rfind('\n') + 1));
  }
  const auto ids = [](const nlohmann::json& list) {
    std::vector<std::string> out;
    for (const nlohmann::json& item : list) {
      out.push_back(item.is_string() ? item.get<std::string>() : item.value("revision", ""));
    }
    return out.empty() ? std::string("<base>") : util::join(out, ", ");
  };
  if (command == "upgrade" || command == "downgrade" || command == "stamp") {
    const std::size_t steps = document.value("steps", nlohmann::json::array()).size();
    return std::to_string(steps) + (steps == 1 ? " step" : " steps") + ", at "
           + ids(document.value("to", nlohmann::json::array()));
  }
  if (command == "current") {
    return "at " + ids(document.value("current", nlohmann::json::array()));
  }
  if (command == "status") {
    return "at " + ids(document.value("current", nlohmann::json::array())) + ", "
           + std::to_string(document.value("pending", nlohmann::json::array()).size()) + " pending";
  }
  if (command == "lint") {
    return std::to_string(document.value("errors", 0)) + " errors, "
           + std::to_string(document.value("warnings", 0)) + " warnings";
  }
  if (command == "check") {
    return "no changes";
  }
  return "ok";
}

void finish(Child& child, const std::string& command, Result& result) {
  const int status = util::wait_for_exit(child.pid);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  try {
    result.result = nlohmann::json::parse(child.out_text);
  } catch (const nlohmann::json::exception&) {
    result.result = nullptr;
  }
  if (result.exit_code == 0) {
    result.outcome = Outcome::ok;
    result.detail = summary_of(command, result.result, child.out_text);
  } else {
    result.outcome = Outcome::failed;
    result.detail = error_line(child.err_text);
  }
}

std::string padded(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

std::string outcome_name(Outcome outcome) {
  switch (outcome) {
  case Outcome::ok:
    return "ok";
  case Outcome::failed:
    return "failed";
  case Outcome::not_started:
    return "not started";
  case Outcome::pending:
    break;
  }
  return "pending";
}

class Fleet {
public:
  Fleet(Session& session, FleetOptions options, std::vector<Target> targets)
      : m_session(session),
        m_options(std::move(options)),
        m_targets(std::move(targets)),
        m_results(m_targets.size()) {}

  int run() {
    std::size_t next = 0;
    bool stop = false;
    while (next < m_targets.size() || !m_running.empty()) {
      if (!stop && util::interrupt_requested()) {
        stop = true;
        // A Ctrl-C reaches the children with us; a SIGTERM sent to this process alone is
        // passed on, so each child rolls back and says so.
        for (const Child& child : m_running) {
          ::kill(child.pid, SIGINT);
        }
      }
      while (!stop && next < m_targets.size()
             && m_running.size() < static_cast<std::size_t>(m_options.jobs)) {
        m_running.push_back(start(m_options, m_targets[next], next));
        ++next;
      }
      if (m_running.empty()) {
        break;
      }
      wait_for_output();
      stop = stop || (!m_options.continue_on_error && m_failed > 0);
      show_progress();
    }
    for (std::size_t i = next; i < m_targets.size(); ++i) {
      m_results[i].outcome = Outcome::not_started;
    }
    clear_progress();
    report();
    util::throw_if_interrupted();
    return m_failed > 0 || next < m_targets.size() ? static_cast<int>(ExitCode::database) : 0;
  }

private:
  void wait_for_output() {
    std::vector<pollfd> fds;
    for (const Child& child : m_running) {
      fds.push_back({child.out, POLLIN, 0});
      fds.push_back({child.err, POLLIN, 0});
    }
    if (::poll(fds.data(), fds.size(), 200) <= 0) {
      return;
    }
    char buffer[65536];
    for (std::size_t i = 0; i < fds.size(); ++i) {
      Child& child = m_running[i / 2];
      int& fd = i % 2 == 0 ? child.out : child.err;
      if (fds[i].revents == 0 || fd < 0) {
        continue;
      }
      const ssize_t got = ::read(fd, buffer, sizeof buffer);
      if (got > 0) {
        (i % 2 == 0 ? child.out_text : child.err_text)
            .append(buffer, static_cast<std::size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        ::close(fd);
        fd = -1;
      }
    }
    for (auto child = m_running.begin(); child != m_running.end();) {
      if (child->out >= 0 || child->err >= 0) {
        ++child;
        continue;
      }
      Result& result = m_results[child->target];
      finish(*child, m_options.command, result);
      m_failed += result.outcome == Outcome::failed;
      ++m_done;
      line(child->target);
      child = m_running.erase(child);
    }
  }

  // One finished target, as it finishes: the live part of the output on any stderr.
  void line(std::size_t index) {
    if (m_session.options().quiet) {
      return;
    }
    const Result& result = m_results[index];
    clear_progress();
    m_session.err() << "[" << m_done << "/" << m_targets.size() << "] " << m_targets[index].name
                    << "  " << outcome_name(result.outcome) << "  "
                    << util::escape_control_keep_lines(result.detail) << '\n';
  }

  // On a terminal, a status line under the finished ones, rewritten in place.
  void show_progress() {
    if (!m_session.err_is_terminal() || m_session.options().quiet) {
      return;
    }
    std::vector<std::string> names;
    for (const Child& child : m_running) {
      names.push_back(m_targets[child.target].name);
    }
    std::string running = util::join(names, ", ");
    if (running.size() > 60) {
      running = running.substr(0, 57) + "...";
    }
    m_session.err() << "\r\033[K" << m_done << "/" << m_targets.size() << " done, " << m_failed
                    << " failed; running: " << running << std::flush;
    m_progress_shown = true;
  }

  void clear_progress() {
    if (m_progress_shown) {
      m_session.err() << "\r\033[K" << std::flush;
      m_progress_shown = false;
    }
  }

  void report() {
    std::size_t counts[4] = {};
    for (const Result& result : m_results) {
      ++counts[static_cast<int>(result.outcome)];
    }
    if (m_session.json()) {
      nlohmann::json list = nlohmann::json::array();
      for (std::size_t i = 0; i < m_targets.size(); ++i) {
        const Result& result = m_results[i];
        nlohmann::json item{{"name", m_targets[i].name},
                            {"database", config::mask_password(m_targets[i].url)},
                            {"status", outcome_name(result.outcome)}};
        if (result.outcome == Outcome::ok || result.outcome == Outcome::failed) {
          item["exit_code"] = result.exit_code;
          item["detail"] = result.detail;
          item["result"] = result.result;
        }
        list.push_back(item);
      }
      print_json(m_session,
                 m_options.command,
                 {{"fleet",
                   {{"targets", list},
                    {"ok", counts[static_cast<int>(Outcome::ok)]},
                    {"failed", counts[static_cast<int>(Outcome::failed)]},
                    {"not_started", counts[static_cast<int>(Outcome::not_started)]}}}});
      return;
    }
    std::size_t width = 6;
    for (const Target& target : m_targets) {
      width = std::max(width, target.name.size());
    }
    m_session.print(padded("TARGET", width) + "  STATUS       DETAIL");
    for (std::size_t i = 0; i < m_targets.size(); ++i) {
      const std::string row = padded(m_targets[i].name, width) + "  "
                              + padded(outcome_name(m_results[i].outcome), 11) + "  "
                              + util::escape_control_keep_lines(m_results[i].detail);
      m_session.print(row.substr(0, row.find_last_not_of(' ') + 1));
    }
    m_session.print(std::to_string(m_targets.size())
                    + " targets: " + std::to_string(counts[static_cast<int>(Outcome::ok)]) + " ok, "
                    + std::to_string(counts[static_cast<int>(Outcome::failed)]) + " failed, "
                    + std::to_string(counts[static_cast<int>(Outcome::not_started)])
                    + " not started");
  }

  Session& m_session;
  FleetOptions m_options;
  std::vector<Target> m_targets;
  std::vector<Result> m_results;
  std::vector<Child> m_running;
  std::size_t m_done = 0;
  std::size_t m_failed = 0;
  bool m_progress_shown = false;
};

} // namespace

bool fleet_requested(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--targets" || arg.starts_with("--targets=")) {
      return true;
    }
  }
  return false;
}

int run_fleet(int argc, const char* const* argv, Session& session, const std::string& command) {
  if (std::find(k_fleet_commands.begin(), k_fleet_commands.end(), command)
      == k_fleet_commands.end()) {
    throw UsageError("--targets works with upgrade, downgrade, stamp, current, status, check, "
                     "verify and lint, not '"
                     + command + "'");
  }
  FleetOptions options = fleet_options(argc, argv, command);
  std::vector<Target> targets = read_targets(options.targets, session.config());
  // A child killed by SIGPIPE would be a confusing failure; children write to pipes we read.
  ::signal(SIGPIPE, SIG_IGN);
  SignalWatcher::set_interrupt_polled(true);
  return Fleet(session, std::move(options), std::move(targets)).run();
}

} // namespace migrate::cli
