// SPDX-License-Identifier: MIT
// Defines the libpq functions migrate links against as forwarders to libpq.so.5, opened with
// dlopen on first use. Why: libpq pulls in OpenSSL, Kerberos, LDAP and GnuTLS; loading and
// relocating them took 4-5 ms of every start (perf: most of `migrate --version`), and the
// commands that never connect (--version, heads, history, --sql...) paid it for nothing.
// libpqxx is linked statically for the same reason (its shared library names libpq.so.5).
//
// Each definition below must match its declaration in libpq-fe.h, which the compiler checks (a
// C function cannot be declared twice with different parameters). The table is filled once,
// before the first connection, so a forwarder only reads a pointer: PQcancel stays safe to call
// from a signal handler.
#include "libpq_on_demand.hpp"

#include <migrate/error.hpp>

#include <dlfcn.h>
#include <libpq-fe.h>

#include <atomic>
#include <mutex>
#include <string>

// libpqxx 6.4 calls it; libpq exports it, but libpq-fe.h does not declare it.
extern "C" const char* pg_encoding_to_char(int encoding);

#define MIGRATE_LIBPQ_FUNCTIONS(X)                                                                 \
  X(PQbackendPID)                                                                                  \
  X(PQcancel)                                                                                      \
  X(PQclear)                                                                                       \
  X(PQclientEncoding)                                                                              \
  X(PQcmdStatus)                                                                                   \
  X(PQcmdTuples)                                                                                   \
  X(PQconnectPoll)                                                                                 \
  X(PQconnectStart)                                                                                \
  X(PQconnectdb)                                                                                   \
  X(PQconnectdbParams)                                                                             \
  X(PQconninfoFree)                                                                                \
  X(PQconninfoParse)                                                                               \
  X(PQconsumeInput)                                                                                \
  X(PQdb)                                                                                          \
  X(PQencryptPassword)                                                                             \
  X(PQendcopy)                                                                                     \
  X(PQenterPipelineMode)                                                                           \
  X(PQerrorMessage)                                                                                \
  X(PQescapeByteaConn)                                                                             \
  X(PQescapeIdentifier)                                                                            \
  X(PQescapeStringConn)                                                                            \
  X(PQexec)                                                                                        \
  X(PQexecParams)                                                                                  \
  X(PQexecPrepared)                                                                                \
  X(PQexitPipelineMode)                                                                            \
  X(PQfinish)                                                                                      \
  X(PQfname)                                                                                       \
  X(PQfnumber)                                                                                     \
  X(PQfreeCancel)                                                                                  \
  X(PQfreemem)                                                                                     \
  X(PQftable)                                                                                      \
  X(PQftablecol)                                                                                   \
  X(PQftype)                                                                                       \
  X(PQgetCancel)                                                                                   \
  X(PQgetCopyData)                                                                                 \
  X(PQgetResult)                                                                                   \
  X(PQgetisnull)                                                                                   \
  X(PQgetlength)                                                                                   \
  X(PQgetvalue)                                                                                    \
  X(PQhost)                                                                                        \
  X(PQisBusy)                                                                                      \
  X(PQisthreadsafe)                                                                                \
  X(PQnfields)                                                                                     \
  X(PQnotifies)                                                                                    \
  X(PQntuples)                                                                                     \
  X(PQoidValue)                                                                                    \
  X(PQpipelineSync)                                                                                \
  X(PQpipelineStatus)                                                                              \
  X(PQport)                                                                                        \
  X(PQprepare)                                                                                     \
  X(PQprotocolVersion)                                                                             \
  X(PQputCopyData)                                                                                 \
  X(PQputCopyEnd)                                                                                  \
  X(PQreset)                                                                                       \
  X(PQresultErrorField)                                                                            \
  X(PQresultErrorMessage)                                                                          \
  X(PQresultStatus)                                                                                \
  X(PQsendFlushRequest)                                                                            \
  X(PQsendQuery)                                                                                   \
  X(PQsendQueryParams)                                                                             \
  X(PQserverVersion)                                                                               \
  X(PQsetClientEncoding)                                                                           \
  X(PQsetErrorVerbosity)                                                                           \
  X(PQsetNoticeProcessor)                                                                          \
  X(PQsocket)                                                                                      \
  X(PQstatus)                                                                                      \
  X(PQtrace)                                                                                       \
  X(PQtransactionStatus)                                                                           \
  X(PQunescapeBytea)                                                                               \
  X(PQuntrace)                                                                                     \
  X(PQuser)                                                                                        \
  X(pg_encoding_to_char)

namespace migrate::db {

namespace {

constexpr const char* kLibrary = "libpq.so.5"; // the soname: Debian's libpq5, any PostgreSQL

struct Libpq {
#define MIGRATE_LIBPQ_MEMBER(name) decltype(&::name) name = nullptr;
  MIGRATE_LIBPQ_FUNCTIONS(MIGRATE_LIBPQ_MEMBER)
#undef MIGRATE_LIBPQ_MEMBER
};

Libpq g_table;
std::atomic<const Libpq*> g_loaded{nullptr};
std::mutex g_loading;

[[noreturn]] void cannot_load(const std::string& why) {
  throw DatabaseError("cannot load PostgreSQL's client library (" + why
                      + "): install libpq5, or the PostgreSQL client libraries of your system");
}

template <typename Function>
void resolve(void* library, const char* name, Function& slot) {
  slot = reinterpret_cast<Function>(dlsym(library, name));
  if (slot == nullptr) {
    cannot_load(std::string(kLibrary) + " has no " + name);
  }
}

} // namespace

void load_libpq() {
  if (g_loaded.load(std::memory_order_acquire) != nullptr) {
    return;
  }
  const std::lock_guard<std::mutex> guard(g_loading);
  if (g_loaded.load(std::memory_order_relaxed) != nullptr) {
    return;
  }
  // Never closed: libpq keeps state (SSL, Kerberos) for the life of the process.
  void* library = dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* reason = dlerror();
    cannot_load(reason != nullptr ? reason : kLibrary);
  }
#define MIGRATE_LIBPQ_RESOLVE(name) resolve(library, #name, g_table.name);
  MIGRATE_LIBPQ_FUNCTIONS(MIGRATE_LIBPQ_RESOLVE)
#undef MIGRATE_LIBPQ_RESOLVE
  g_loaded.store(&g_table, std::memory_order_release);
}

namespace {

const Libpq& libpq() {
  const Libpq* loaded = g_loaded.load(std::memory_order_acquire);
  if (loaded == nullptr) {
    load_libpq(); // not reached in practice: open_connection loads first
    loaded = g_loaded.load(std::memory_order_acquire);
  }
  return *loaded;
}

} // namespace

} // namespace migrate::db

using migrate::db::libpq;

// clang-format off
extern "C" {
int PQbackendPID(const PGconn* conn) { return libpq().PQbackendPID(conn); }
int PQcancel(PGcancel* cancel, char* errbuf, int errbufsize) { return libpq().PQcancel(cancel, errbuf, errbufsize); }
void PQclear(PGresult* res) { libpq().PQclear(res); }
int PQclientEncoding(const PGconn* conn) { return libpq().PQclientEncoding(conn); }
char* PQcmdStatus(PGresult* res) { return libpq().PQcmdStatus(res); }
char* PQcmdTuples(PGresult* res) { return libpq().PQcmdTuples(res); }
PostgresPollingStatusType PQconnectPoll(PGconn* conn) { return libpq().PQconnectPoll(conn); }
PGconn* PQconnectStart(const char* conninfo) { return libpq().PQconnectStart(conninfo); }
PGconn* PQconnectdb(const char* conninfo) { return libpq().PQconnectdb(conninfo); }
PGconn* PQconnectdbParams(const char* const* keywords, const char* const* values, int expand_dbname) { return libpq().PQconnectdbParams(keywords, values, expand_dbname); }
void PQconninfoFree(PQconninfoOption* connOptions) { libpq().PQconninfoFree(connOptions); }
PQconninfoOption* PQconninfoParse(const char* conninfo, char** errmsg) { return libpq().PQconninfoParse(conninfo, errmsg); }
int PQconsumeInput(PGconn* conn) { return libpq().PQconsumeInput(conn); }
char* PQdb(const PGconn* conn) { return libpq().PQdb(conn); }
char* PQencryptPassword(const char* passwd, const char* user) { return libpq().PQencryptPassword(passwd, user); }
int PQendcopy(PGconn* conn) { return libpq().PQendcopy(conn); }
int PQenterPipelineMode(PGconn* conn) { return libpq().PQenterPipelineMode(conn); }
char* PQerrorMessage(const PGconn* conn) { return libpq().PQerrorMessage(conn); }
unsigned char* PQescapeByteaConn(PGconn* conn, const unsigned char* from, size_t from_length, size_t* to_length) { return libpq().PQescapeByteaConn(conn, from, from_length, to_length); }
char* PQescapeIdentifier(PGconn* conn, const char* str, size_t len) { return libpq().PQescapeIdentifier(conn, str, len); }
size_t PQescapeStringConn(PGconn* conn, char* to, const char* from, size_t length, int* error) { return libpq().PQescapeStringConn(conn, to, from, length, error); }
PGresult* PQexec(PGconn* conn, const char* query) { return libpq().PQexec(conn, query); }
PGresult* PQexecParams(PGconn* conn, const char* command, int nParams, const Oid* paramTypes, const char* const* paramValues, const int* paramLengths, const int* paramFormats, int resultFormat) { return libpq().PQexecParams(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat); }
PGresult* PQexecPrepared(PGconn* conn, const char* stmtName, int nParams, const char* const* paramValues, const int* paramLengths, const int* paramFormats, int resultFormat) { return libpq().PQexecPrepared(conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat); }
int PQexitPipelineMode(PGconn* conn) { return libpq().PQexitPipelineMode(conn); }
void PQfinish(PGconn* conn) { libpq().PQfinish(conn); }
char* PQfname(const PGresult* res, int field_num) { return libpq().PQfname(res, field_num); }
int PQfnumber(const PGresult* res, const char* field_name) { return libpq().PQfnumber(res, field_name); }
void PQfreeCancel(PGcancel* cancel) { libpq().PQfreeCancel(cancel); }
void PQfreemem(void* ptr) { libpq().PQfreemem(ptr); }
Oid PQftable(const PGresult* res, int field_num) { return libpq().PQftable(res, field_num); }
int PQftablecol(const PGresult* res, int field_num) { return libpq().PQftablecol(res, field_num); }
Oid PQftype(const PGresult* res, int field_num) { return libpq().PQftype(res, field_num); }
PGcancel* PQgetCancel(PGconn* conn) { return libpq().PQgetCancel(conn); }
int PQgetCopyData(PGconn* conn, char** buffer, int async) { return libpq().PQgetCopyData(conn, buffer, async); }
PGresult* PQgetResult(PGconn* conn) { return libpq().PQgetResult(conn); }
int PQgetisnull(const PGresult* res, int tup_num, int field_num) { return libpq().PQgetisnull(res, tup_num, field_num); }
int PQgetlength(const PGresult* res, int tup_num, int field_num) { return libpq().PQgetlength(res, tup_num, field_num); }
char* PQgetvalue(const PGresult* res, int tup_num, int field_num) { return libpq().PQgetvalue(res, tup_num, field_num); }
char* PQhost(const PGconn* conn) { return libpq().PQhost(conn); }
int PQisBusy(PGconn* conn) { return libpq().PQisBusy(conn); }
int PQisthreadsafe(void) { return libpq().PQisthreadsafe(); }
int PQnfields(const PGresult* res) { return libpq().PQnfields(res); }
PGnotify* PQnotifies(PGconn* conn) { return libpq().PQnotifies(conn); }
int PQntuples(const PGresult* res) { return libpq().PQntuples(res); }
Oid PQoidValue(const PGresult* res) { return libpq().PQoidValue(res); }
int PQpipelineSync(PGconn* conn) { return libpq().PQpipelineSync(conn); }
PGpipelineStatus PQpipelineStatus(const PGconn* conn) { return libpq().PQpipelineStatus(conn); }
char* PQport(const PGconn* conn) { return libpq().PQport(conn); }
PGresult* PQprepare(PGconn* conn, const char* stmtName, const char* query, int nParams, const Oid* paramTypes) { return libpq().PQprepare(conn, stmtName, query, nParams, paramTypes); }
int PQprotocolVersion(const PGconn* conn) { return libpq().PQprotocolVersion(conn); }
int PQputCopyData(PGconn* conn, const char* buffer, int nbytes) { return libpq().PQputCopyData(conn, buffer, nbytes); }
int PQputCopyEnd(PGconn* conn, const char* errormsg) { return libpq().PQputCopyEnd(conn, errormsg); }
void PQreset(PGconn* conn) { libpq().PQreset(conn); }
char* PQresultErrorField(const PGresult* res, int fieldcode) { return libpq().PQresultErrorField(res, fieldcode); }
char* PQresultErrorMessage(const PGresult* res) { return libpq().PQresultErrorMessage(res); }
ExecStatusType PQresultStatus(const PGresult* res) { return libpq().PQresultStatus(res); }
int PQsendFlushRequest(PGconn* conn) { return libpq().PQsendFlushRequest(conn); }
int PQsendQuery(PGconn* conn, const char* query) { return libpq().PQsendQuery(conn, query); }
int PQsendQueryParams(PGconn* conn, const char* command, int nParams, const Oid* paramTypes, const char* const* paramValues, const int* paramLengths, const int* paramFormats, int resultFormat) { return libpq().PQsendQueryParams(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat); }
int PQserverVersion(const PGconn* conn) { return libpq().PQserverVersion(conn); }
int PQsetClientEncoding(PGconn* conn, const char* encoding) { return libpq().PQsetClientEncoding(conn, encoding); }
PGVerbosity PQsetErrorVerbosity(PGconn* conn, PGVerbosity verbosity) { return libpq().PQsetErrorVerbosity(conn, verbosity); }
PQnoticeProcessor PQsetNoticeProcessor(PGconn* conn, PQnoticeProcessor proc, void* arg) { return libpq().PQsetNoticeProcessor(conn, proc, arg); }
int PQsocket(const PGconn* conn) { return libpq().PQsocket(conn); }
ConnStatusType PQstatus(const PGconn* conn) { return libpq().PQstatus(conn); }
void PQtrace(PGconn* conn, FILE* debug_port) { libpq().PQtrace(conn, debug_port); }
PGTransactionStatusType PQtransactionStatus(const PGconn* conn) { return libpq().PQtransactionStatus(conn); }
unsigned char* PQunescapeBytea(const unsigned char* strtext, size_t* retbuflen) { return libpq().PQunescapeBytea(strtext, retbuflen); }
void PQuntrace(PGconn* conn) { libpq().PQuntrace(conn); }
char* PQuser(const PGconn* conn) { return libpq().PQuser(conn); }
const char* pg_encoding_to_char(int encoding) { return libpq().pg_encoding_to_char(encoding); }
} // extern "C"
// clang-format on
