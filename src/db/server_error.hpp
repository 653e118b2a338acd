// SPDX-License-Identifier: MIT
// PostgreSQL's error fields from a libpq result, as a SqlError.
#pragma once

#include <migrate/database.hpp>

#include <libpq-fe.h>

namespace migrate::db {

// The fields of a failed result; `statement_index` is how many statements of the text had
// completed before it (reported as -1 when that is 0 and the error has a position).
SqlError::Fields error_fields(const PGresult* result, int statement_index);

// "ERROR 42P01: relation "x" does not exist" -- one line; detail and hint stay in the fields.
SqlError make_sql_error(const PGresult* result, int statement_index);

// The failure of statement `statement_index` of a text sent as a pipeline, one statement at a
// time, told as if the text had gone as one message: the position (the statement's own) moves
// by `characters_before`, the statement's start in the text, and the index is -1 where the
// text's parse would have failed before anything ran (a syntax error, or statement 0).
SqlError
make_pipelined_sql_error(const PGresult* result, int statement_index, int characters_before);

} // namespace migrate::db
