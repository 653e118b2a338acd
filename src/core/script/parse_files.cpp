// SPDX-License-Identifier: MIT
// Reading and parsing revision files on several threads; results keep the files' order.
#include "parse_files.hpp"

#include <migrate/script.hpp>

#include <algorithm>
#include <atomic>
#include <thread>

namespace migrate::script {

namespace {

// Below this many files a second thread costs more to start than it saves (measured: a thread
// start is ~0.1 ms; reading and parsing a small file ~10 us on one core).
constexpr std::size_t k_files_per_extra_thread = 512;
constexpr unsigned k_max_threads = 4;

// Files up to this size are kept in memory while the kept total stays under the budget: a
// constant on top of the per-revision cost, whatever the bodies weigh.
constexpr std::size_t k_kept_file_limit = 16 * 1024;
constexpr std::size_t k_kept_budget = 8 * 1024 * 1024;

unsigned thread_count(std::size_t jobs) {
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  const auto wanted = static_cast<unsigned>(std::min<std::size_t>(
      1 + jobs / k_files_per_extra_thread, static_cast<std::size_t>(k_max_threads)));
  return std::min(cores, wanted);
}

} // namespace

std::vector<ParseResult> parse_files(const std::vector<ParseJob>& jobs) {
  std::vector<ParseResult> results(jobs.size());
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> kept{0};
  const auto work = [&] {
    std::string text; // one buffer per thread: only offsets into it are kept
    for (std::size_t i = next++; i < jobs.size(); i = next++) {
      const ParseJob& job = jobs[i];
      try {
        const FileStamp stamp = job.directory->read(job.name, text);
        Revision revision = parse_revision_file(text, job.path);
        revision.stamp = stamp;
        if (text.size() <= k_kept_file_limit && kept.fetch_add(text.size()) < k_kept_budget) {
          revision.text = std::make_shared<const std::string>(text);
        }
        results[i].revision = std::move(revision);
      } catch (...) {
        results[i].error = std::current_exception();
      }
    }
  };
  {
    std::vector<std::jthread> helpers; // joined at the end of this block, before results move
    for (unsigned i = 1; i < thread_count(jobs.size()); ++i) {
      helpers.emplace_back(work);
    }
    work();
  }
  return results;
}

} // namespace migrate::script
