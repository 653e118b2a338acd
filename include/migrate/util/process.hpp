// SPDX-License-Identifier: MIT
// Running a helper program (pg_dump, Python with Alembic) without a shell and collecting what it
// writes.
#pragma once

#include <string>
#include <vector>

namespace migrate::util {

struct ProgramResult {
  int spawn_error = 0; // errno of a program that could not be started (0: it ran)
  int exit_code = -1;  // its exit status; -1 when it was killed by a signal
  std::string out;     // its standard output
  std::string err;     // its standard error
};

// Runs argv[0] (looked up on PATH) with `argv`, and `environment` ("NAME=value" entries) instead
// of ours when it is given, in `directory` when it is not empty. Both outputs are read as they
// come, so neither pipe can fill and stall the child. Standard input is ours.
ProgramResult run_program(const std::vector<std::string>& argv,
                          const std::vector<std::string>* environment = nullptr,
                          const std::string& directory = "");

} // namespace migrate::util
