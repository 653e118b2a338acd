// SPDX-License-Identifier: MIT
// libpq results as migrate reads them (rows, owned results), server notices sent to the debug
// log, and the character count PostgreSQL's error positions use.
#pragma once

#include <migrate/database.hpp>

#include <pqxx/connection_base>
#include <pqxx/errorhandler>

#include <libpq-fe.h>

#include <memory>
#include <string_view>
#include <vector>

namespace migrate::db {

struct ResultDeleter {
  void operator()(PGresult* result) const noexcept { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// Server notices (RAISE NOTICE, "table does not exist, skipping") are not the user's output, as
// with Alembic: they go to the debug log instead of libpqxx's default stderr.
class NoticeLogger final : public pqxx::errorhandler {
public:
  explicit NoticeLogger(pqxx::connection_base& connection) : pqxx::errorhandler(connection) {}
  bool operator()(const char message[]) noexcept override;
};

// The rows of a result as text (NULL -> nullopt).
std::vector<Row> read_rows(const PGresult* result);

// How many rows a completed statement affected (PQcmdTuples), -1 when its command reports none.
long long affected_rows(PGresult* result);

// The characters of UTF-8 `text` (the client encoding migrate sets), as PostgreSQL counts a
// position.
int characters(std::string_view text);

} // namespace migrate::db
