// SPDX-License-Identifier: MIT
// libpq results as migrate reads them, and server notices to the debug log.
#include "pq_results.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <optional>
#include <string>

namespace migrate::db {

bool NoticeLogger::operator()(const char message[]) noexcept {
  try {
    std::string text(message);
    while (!text.empty() && text.back() == '\n') {
      text.pop_back();
    }
    spdlog::debug("server: {}", text);
  } catch (...) {
    // Logging must never break a statement.
  }
  return false;
}

std::vector<Row> read_rows(const PGresult* result) {
  std::vector<Row> rows;
  const int row_count = PQntuples(result);
  const int column_count = PQnfields(result);
  rows.reserve(static_cast<std::size_t>(row_count));
  for (int r = 0; r < row_count; ++r) {
    Row row;
    row.reserve(static_cast<std::size_t>(column_count));
    for (int c = 0; c < column_count; ++c) {
      if (PQgetisnull(result, r, c) != 0) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(std::string(PQgetvalue(result, r, c),
                                     static_cast<std::size_t>(PQgetlength(result, r, c))));
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

long long affected_rows(PGresult* result) {
  const char* tuples = PQcmdTuples(result);
  return *tuples == '\0' ? -1 : std::strtoll(tuples, nullptr, 10);
}

int characters(std::string_view text) {
  int count = 0;
  for (const char byte : text) {
    count += (static_cast<unsigned char>(byte) & 0xC0) != 0x80 ? 1 : 0;
  }
  return count;
}

} // namespace migrate::db
