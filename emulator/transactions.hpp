// Stream transactions (POST /_api/transaction/begin, x-arango-trx-id) as
// arangod 3.12's transaction::Manager runs them on a single server.
//
// A transaction declares its collections as read, write or exclusive. Write
// and exclusive collections are locked for its whole life like the RocksDB
// engine does: write = shared collection lock (concurrent writers allowed),
// exclusive = exclusive lock; reads never lock. Document writes go to a
// per-collection overlay (docstore.hpp's DocView) that only the transaction
// sees; commit applies all overlays at once, abort drops them. Key and unique
// index entries a transaction writes are locked until it ends.
//
// Requests carrying x-arango-trx-id lease the transaction for their duration
// (exclusively for writes, shared for reads); a second request that wants it
// meanwhile waits up to the streaming lock timeout (8 s) and then fails with
// 28 "cannot write-lock, transaction N is already in use".
//
// Transactions idle for longer than the idle timeout (arangod's
// --transaction.streaming-idle-timeout, 60 s; emulator option
// --trx-idle-timeout) are aborted. Finished transactions stay known as
// tombstones (committed / aborted) for 10 minutes. Expired transactions are
// garbage-collected lazily: before every transaction API call, lease and
// while somebody waits for a collection lock.
//
// Lock order: Transaction::use -> Collection::mutex -> manager mutex; the
// manager mutex is never held while waiting for anything else.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "docstore.hpp"
#include "http_types.hpp"
#include "permissions.hpp"

namespace emu {

class Collection;
class Database;
struct RequestContext;
class Transaction;
namespace aql {
class DataSource;
}

enum class TrxAccess { Read = 1, Write = 2, Exclusive = 3 };

// An error as a handler reports it (status 0: no error).
struct TrxError {
  int status = 0;
  int code = 0;
  std::string message;
  bool failed() const noexcept { return code != 0; }
};
HttpResponse trx_error_response(TrxError const& e);

// arangod's default lockTimeout of transactions (seconds).
inline constexpr double kDefaultLockTimeout = 900.0;

class TransactionManager {
 public:
  static TransactionManager& instance();

  void set_idle_timeout(double seconds);
  double idle_timeout() const;

  // POST /_api/transaction/begin with the parsed body (nullptr: no body);
  // `access` decides whether the caller may use the declared collections.
  TrxError begin(std::shared_ptr<Database> const& db, std::string const& database,
                 AccessContext const& access, rapidjson::Value const* body, std::uint64_t& id);
  // "running" / "committed" / "aborted"; nullopt when unknown here.
  std::optional<std::string> status(std::uint64_t id, std::string const& database,
                                    std::string const& user);
  // PUT (commit = true) / DELETE /_api/transaction/<id>.
  TrxError finish(std::uint64_t id, std::string const& database, std::string const& user,
                  bool commit);
  // Running transactions of the database visible to `user`: id, state.
  std::vector<std::pair<std::uint64_t, std::string>> list(std::string const& database,
                                                          std::string const& user);
  // DELETE /_api/transaction/write: aborts the running write transactions.
  void abort_write_transactions(std::string const& user);

  // Leases a transaction for one request (see DocTarget).
  TrxError lease(std::uint64_t id, std::string const& database, std::string const& user,
                 bool write, bool quoted_id, std::shared_ptr<Transaction>& out);
  void release(Transaction& t, bool write);

  // Collection lock of a writer: shared (write) or exclusive. `owner` is a
  // transaction id or a unique id of a request without transaction.
  // `timeout` in seconds; false when it ran out.
  bool lock_collection(Collection& c, std::uint64_t owner, bool exclusive, double timeout);
  void unlock_collection(Collection& c, std::uint64_t owner);

  // Exempts a running transaction from the idle timeout: a JavaScript transaction's, whose
  // script's requests may come far apart (a worker to start, a slow script) while the
  // transaction is not idle at all. The script's time limit bounds it; it ends with finish.
  void pin(std::uint64_t id);

  // Aborts transactions idle for longer than the idle timeout and forgets
  // old tombstones.
  void collect_garbage();

 private:
  TransactionManager() = default;
  struct Impl;
  Impl& impl();
};

// A collection lock held by a request without transaction (RAII).
class CollectionLock {
 public:
  CollectionLock() = default;
  CollectionLock(CollectionLock const&) = delete;
  CollectionLock& operator=(CollectionLock const&) = delete;
  ~CollectionLock();
  // Waits (up to kDefaultLockTimeout) for exclusive stream transactions on
  // `c` to finish; 18 LOCK_TIMEOUT when they do not.
  TrxError acquire(std::shared_ptr<Collection> const& c, std::string const& database,
                   bool exclusive);

 private:
  std::shared_ptr<Collection> c_;
  std::uint64_t owner_ = 0;
};

// What the document operations of one request run against: the committed
// collections, or the stream transaction named by x-arango-trx-id.
//
//   DocTarget target;
//   if (auto e = target.open(ctx, TrxAccess::Write)) return *e;
//   ... find collection c ...
//   if (auto e = target.access(c, TrxAccess::Write)) return *e;
//   std::unique_lock lock(c->mutex);
//   OpResult r = doc_insert(*c, target.view(*c), body, o);
class DocTarget {
 public:
  DocTarget();
  ~DocTarget();
  DocTarget(DocTarget const&) = delete;
  DocTarget& operator=(DocTarget const&) = delete;

  // Resolves x-arango-trx-id and leases the transaction (`mode` Read: shared
  // lease). `quoted_id`: the not-found message quotes the id as arangod's
  // createTransactionContext does (cursors) instead of createTransaction's
  // (documents, import, count).
  std::optional<HttpResponse> open(RequestContext const& ctx, TrxAccess mode,
                                   bool quoted_id = false);
  bool in_transaction() const noexcept { return trx_ != nullptr; }

  // Declares that the request uses `c` with `mode`: the caller needs the
  // permission for it (AccessContext::check_collection: 403 with 11 or
  // 1004); in a transaction the collection must be declared for writing
  // (1652 otherwise; undeclared reads need allowImplicit); without one,
  // writers take the collection lock.
  TrxError access_error(std::shared_ptr<Collection> const& c, TrxAccess mode);
  std::optional<HttpResponse> access(std::shared_ptr<Collection> const& c, TrxAccess mode);

  // The view for docstore's operations on `c` (after access()).
  DocView& view(Collection& c);

 private:
  std::shared_ptr<Transaction> trx_;
  AccessContext access_;  // the caller (set by open())
  bool write_lease_ = false;
  std::string database_;
  std::vector<std::unique_ptr<CommittedView>> committed_;
  std::vector<std::unique_ptr<CollectionLock>> locks_;
};

// AQL's DataSource over a DocTarget (queries in a stream transaction).
std::unique_ptr<aql::DataSource> make_target_source(DocTarget& target, std::shared_ptr<Database> db);

}  // namespace emu
