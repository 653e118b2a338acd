// SPDX-License-Identifier: MIT
// Reads libpq's diagnostic fields (PQresultErrorField) instead of parsing message text.
#include "server_error.hpp"

#include "conninfo.hpp"

#include <cstdlib>
#include <string>

namespace migrate::db {

namespace {

std::string field(const PGresult* result, int code) {
  const char* value = PQresultErrorField(result, code);
  return value != nullptr ? std::string(value) : std::string();
}

} // namespace

SqlError::Fields error_fields(const PGresult* result, int statement_index) {
  SqlError::Fields fields;
  fields.message = field(result, PG_DIAG_MESSAGE_PRIMARY);
  if (fields.message.empty()) {
    // Errors raised by libpq itself carry no fields, only the message.
    fields.message = first_line(PQresultErrorMessage(result));
  }
  fields.sqlstate = field(result, PG_DIAG_SQLSTATE);
  fields.detail = field(result, PG_DIAG_MESSAGE_DETAIL);
  fields.hint = field(result, PG_DIAG_MESSAGE_HINT);
  fields.position = std::atoi(field(result, PG_DIAG_STATEMENT_POSITION).c_str());
  // PostgreSQL parses the whole text before running any of it, so a syntax error in statement 5
  // arrives before any result, exactly like a failure of statement 0. Both carry a position in
  // the whole text, which then is the one reliable locator: the index is left unknown.
  fields.statement_index = (statement_index == 0 && fields.position > 0) ? -1 : statement_index;
  return fields;
}

namespace {

SqlError with_message(const PGresult* result, SqlError::Fields fields) {
  std::string severity = field(result, PG_DIAG_SEVERITY_NONLOCALIZED);
  if (severity.empty()) {
    severity = "ERROR";
  }
  std::string what = severity;
  if (!fields.sqlstate.empty()) {
    what += " " + fields.sqlstate;
  }
  what += ": " + fields.message;
  return SqlError(what, std::move(fields));
}

} // namespace

SqlError make_sql_error(const PGresult* result, int statement_index) {
  return with_message(result, error_fields(result, statement_index));
}

SqlError
make_pipelined_sql_error(const PGresult* result, int statement_index, int characters_before) {
  // error_fields already leaves statement 0's index unknown when the error has a position.
  SqlError::Fields fields = error_fields(result, statement_index);
  if (fields.position > 0) {
    fields.position += characters_before;
    if (fields.sqlstate == "42601") {
      fields.statement_index = -1;
    }
  }
  return with_message(result, std::move(fields));
}

} // namespace migrate::db
