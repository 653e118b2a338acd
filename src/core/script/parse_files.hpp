// SPDX-License-Identifier: MIT
// Reading and parsing many revision files at once: the start-up cost of every command.
#pragma once

#include "file_io.hpp"

#include <migrate/revision.hpp>

#include <exception>
#include <optional>
#include <string>
#include <vector>

namespace migrate::script {

// One revision file to read from an open directory.
struct ParseJob {
  const OpenDirectory* directory = nullptr;
  std::string name; // within the directory
  std::string path; // as messages and Revision::path show it
};

// The outcome of one job: the revision (with its file stamp), or what reading or parsing threw.
struct ParseResult {
  std::optional<Revision> revision;
  std::exception_ptr error;
};

// Reads and parses every job, in job order. Projects with thousands of revisions are split
// over the machine's cores (two threads at most below a few thousand files), since opening
// and reading each file costs more system time than parsing it; small ones stay on the calling
// thread. Every job is attempted, so the caller can report the first failure in file order.
std::vector<ParseResult> parse_files(const std::vector<ParseJob>& jobs);

} // namespace migrate::script
