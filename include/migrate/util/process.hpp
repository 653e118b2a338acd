// SPDX-License-Identifier: MIT
// Running a helper program (pg_dump, Python with Alembic) without a shell and collecting what it
// writes.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace migrate::util {

struct ProgramResult {
  int spawn_error = 0; // errno of a program that could not be started (0: it ran)
  int exit_code = -1;  // its exit status; -1 when it was killed by a signal
  std::string out;     // its standard output
  std::string err;     // its standard error
};

// How start_program starts a program.
struct StartOptions {
  std::string file;                                      // the executable; empty: argv[0], on PATH
  const std::vector<std::string>* environment = nullptr; // "NAME=value" entries instead of ours
  std::string directory;                                 // where it runs; empty: here
  bool null_stdin = false; // /dev/null as its standard input, else ours
};

// A started program whose standard output and error are pipes for the caller to read (and
// close), e.g. several at once. When it could not start, spawn_error is the errno and there is
// no process and no pipe.
struct StartedProgram {
  int spawn_error = 0;
  pid_t pid = 0;
  int out = -1;
  int err = -1;
};
StartedProgram start_program(const std::vector<std::string>& argv, const StartOptions& options);

// Waits for a started program to end, and returns its status as waitpid reports it.
int wait_for_exit(pid_t pid);

// Runs argv[0] (looked up on PATH) with `argv`, and `environment` ("NAME=value" entries) instead
// of ours when it is given, in `directory` when it is not empty. Both outputs are read as they
// come, so neither pipe can fill and stall the child. Standard input is ours.
ProgramResult run_program(const std::vector<std::string>& argv,
                          const std::vector<std::string>* environment = nullptr,
                          const std::string& directory = "");

} // namespace migrate::util
