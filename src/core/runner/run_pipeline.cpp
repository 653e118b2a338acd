// SPDX-License-Identifier: MIT
// A run's transactional steps in libpq pipelines (docs/pipelining.md): the messages run_step
// would send one round trip each go out together, one sync after the last, and their answers
// are read in order with the same checks, progress lines and errors as when sent alone.
#include "run.hpp"
#include "step_error.hpp"

#include <migrate/error.hpp>
#include <migrate/sql.hpp>
#include <migrate/util/interrupt.hpp>
#include <migrate/util/strings.hpp>

#include <chrono>
#include <utility>

namespace migrate::runner {

namespace {

// What a pipeline holds before it goes out: a bound on memory, and so few round trips that a
// slow link costs only a handful (docs/pipelining.md).
constexpr std::size_t k_pipeline_bytes = std::size_t{8} << 20;

PipelineText pipeline_text(const std::string& text) {
  PipelineText piece;
  piece.text = text;
  for (const sql::Statement& statement : sql::split_statements(text)) {
    piece.statements.emplace_back(statement.offset, statement.text.size());
  }
  return piece;
}

// COPY needs a data stream of its own, which a pipeline cannot carry.
bool has_copy(const std::vector<sql::Statement>& statements) {
  for (const sql::Statement& statement : statements) {
    const std::string first_word =
        statement.text.substr(0, statement.text.find_first_of(" \t\r\n"));
    if (util::to_lower(first_word) == "copy") {
      return true;
    }
  }
  return false;
}

} // namespace

// A step's SQL joins a pipeline when it splits into statements (the pipeline sends them one by
// one) and none is a COPY; otherwise it goes alone, and the server reports what it cannot read.
bool Run::joins_pipeline(const std::optional<script::SectionText>& section) const {
  if (!section) {
    return true;
  }
  try {
    return !has_copy(sql::split_statements(section->sql));
  } catch (const ScriptError&) {
    return false;
  }
}

void Run::queue_step(const graph::Step& step, std::optional<script::SectionText> section) {
  m_queue.push_back(build_message(step, std::move(section), true));
  m_queued_bytes += m_queue.back().text.size();
  if (m_queued_bytes >= k_pipeline_bytes) {
    flush_pipeline();
  }
}

void Run::flush_pipeline() {
  std::size_t next = 0;
  while (next < m_queue.size()) {
    std::vector<PipelineText> texts;
    texts.reserve(m_queue.size() - next);
    for (std::size_t i = next; i < m_queue.size(); ++i) {
      texts.push_back(pipeline_text(m_queue[i].text));
    }
    try {
      m_db.pipeline_send(std::move(texts));
    } catch (const DatabaseError& lost) {
      if (util::interrupt_requested()) {
        throw;
      }
      throw server_gone(m_map, *m_queue[next].step, lost, false);
    }
    next = read_pipeline(next);
  }
  m_queue.clear();
  m_queued_bytes = 0;
}

std::size_t Run::read_pipeline(std::size_t from) {
  for (std::size_t i = from; i < m_queue.size(); ++i) {
    const Message& message = m_queue[i];
    const graph::Step& step = *message.step;
    m_step = message.index;
    const auto started = std::chrono::steady_clock::now();
    if (m_observer.step_started) {
      m_observer.step_started(step_log_line(m_map, step));
    }
    m_in_step = true;
    bool pipelined = true;
    bool alone = false;
    retry(step, [&] {
      if (std::exchange(pipelined, false)) {
        std::vector<long long> counts = answer([this] { return m_db.pipeline_next(); },
                                               message.text,
                                               message.step,
                                               message.section ? &*message.section : nullptr,
                                               message.body_offset,
                                               &message.prefix_names);
        if (message.client_checked) {
          finish_message(message, std::move(counts));
        }
        return;
      }
      // Tried again after a lock timeout: the server skipped the rest of the pipeline, so this
      // step goes alone and the steps after it go out again.
      alone = true;
      run_step(step);
    });
    m_in_step = false;
    if (m_observer.step_finished) {
      m_observer.step_finished(std::chrono::steady_clock::now() - started);
    }
    if (alone) {
      return i + 1;
    }
  }
  return m_queue.size();
}

} // namespace migrate::runner
