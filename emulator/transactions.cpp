#include "transactions.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <unordered_set>

#include "aql/datasource.hpp"
#include "aql/error.hpp"
#include "aql/vector.hpp"
#include "json.hpp"
#include "router.hpp"
#include "store.hpp"

namespace emu {

namespace {

using Clock = std::chrono::steady_clock;

// How long a finished transaction is remembered (Manager::tombstoneTTL).
constexpr double kTombstoneTtl = 600.0;
// How long a request waits for a transaction another request is using
// (--transaction.streaming-lock-timeout).
constexpr double kStreamingLockTimeout = 8.0;

std::string_view access_string(TrxAccess a) {
  switch (a) {
    case TrxAccess::Read: return "read";
    case TrxAccess::Write: return "write";
    case TrxAccess::Exclusive: return "exclusive";
  }
  return "none";
}

TrxError make_error(int code, std::string message = {}, int status = 0) {
  return TrxError{status == 0 ? http_status_for_error(code) : status, code, std::move(message)};
}

Clock::time_point after(double seconds) {
  return Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

bool authorized(std::string const& owner, std::string const& user) {
  return user.empty() || owner == user;
}

}  // namespace

HttpResponse trx_error_response(TrxError const& e) {
  return error_response(e.status, e.code, e.message);
}

// ---------------------------------------------------------------------------
// Transaction and its overlays
// ---------------------------------------------------------------------------

enum class TrxState { Running, Committed, Aborted };

std::string_view state_string(TrxState s) {
  switch (s) {
    case TrxState::Running: return "running";
    case TrxState::Committed: return "committed";
    case TrxState::Aborted: return "aborted";
  }
  return "undefined";
}

// One collection of a transaction: the access it was declared with and the
// overlay of its writes.
class TrxCollection final : public DocView {
 public:
  TrxCollection(std::uint64_t trx_id, std::shared_ptr<Collection> c, TrxAccess a)
      : trx_id(trx_id), coll(std::move(c)), access(a) {}

  std::uint64_t trx_id;
  std::shared_ptr<Collection> coll;
  TrxAccess access;
  bool collection_locked = false;  // holds the collection lock (write/exclusive)

  struct Entry {
    DocPtr doc;   // nullptr: removed in the transaction
    DocPtr base;  // committed version when the transaction first wrote the key
  };
  std::unordered_map<std::string, Entry> writes;
  std::map<std::uint64_t, std::string> by_rev;  // overlay documents (rev -> key)
  // Unique index entries of the overlay documents: index id -> tuple -> key
  // (built on first use per index).
  mutable std::unordered_map<std::uint64_t, std::unordered_map<std::string, std::string>> unique;
  std::vector<std::string> locks;  // names held in coll->data.trx_locks

  bool dirty() const { return !writes.empty() || !locks.empty(); }

  DocPtr lookup(std::string_view key) const override {
    auto it = writes.find(std::string(key));
    if (it != writes.end()) return it->second.doc;
    return doc_lookup(*coll, key);
  }

  void for_each(std::function<bool(DocPtr const&)> const& fn) const override {
    // committed documents not overlaid, merged with the overlay by revision
    auto const& data = coll->data;
    auto ov = by_rev.begin();
    auto emit_overlay_until = [&](std::uint64_t rev) {
      while (ov != by_rev.end() && ov->first < rev) {
        auto w = writes.find(ov->second);
        if (w != writes.end() && w->second.doc && !fn(w->second.doc)) return false;
        ++ov;
      }
      return true;
    };
    for (auto const& [rev, live] : data.by_rev) {
      if (writes.count(std::string(live.doc->key())) != 0) continue;
      if (!emit_overlay_until(rev)) return;
      if (!fn(live.doc)) return;
    }
    emit_overlay_until(~std::uint64_t{0});
  }

  std::size_t count() const override {
    std::size_t n = coll->data.docs.size();
    for (auto const& [key, e] : writes) {
      bool committed = coll->data.docs.count(key) != 0;
      if (e.doc && !committed) ++n;
      if (!e.doc && committed) --n;
    }
    return n;
  }

  bool revision_taken(std::uint64_t rev) const override {
    return by_rev.count(rev) != 0 || coll->data.by_rev.count(rev) != 0;
  }

  std::string unique_owner(Index const& idx, std::string const& tuple) const override {
    auto const& mine = overlay_unique(idx);
    if (auto it = mine.find(tuple); it != mine.end()) return it->second;
    auto it = idx.unique_entries.find(tuple);
    if (it == idx.unique_entries.end() || writes.count(it->second) != 0) return {};
    return it->second;
  }

  bool lock(std::string const& name) override {
    auto& locks_table = coll->data.trx_locks;
    auto it = locks_table.find(name);
    if (it != locks_table.end()) return it->second == trx_id;
    locks_table.emplace(name, trx_id);
    locks.push_back(name);
    return true;
  }

  void put(DocPtr const& /*old*/, DocPtr const& doc) override { set(std::string(doc->key()), doc); }
  void remove(DocPtr const& old) override { set(std::string(old->key()), nullptr); }
  void reset(std::string const& key, DocPtr const& doc) override { set(key, doc); }

  int truncate() override {
    std::vector<DocPtr> all;
    for_each([&](DocPtr const& d) {
      all.push_back(d);
      return true;
    });
    for (auto const& d : all) {
      if (!lock("k" + std::string(d->key()))) return 1200;
    }
    for (auto const& d : all) set(std::string(d->key()), nullptr);
    return 0;
  }

  // Releases the key locks (caller holds coll->mutex exclusively).
  void drop_locks() {
    auto& table = coll->data.trx_locks;
    for (auto const& name : locks) {
      auto it = table.find(name);
      if (it != table.end() && it->second == trx_id) table.erase(it);
    }
    locks.clear();
  }

 private:
  std::unordered_map<std::string, std::string> const& overlay_unique(Index const& idx) const {
    auto [it, inserted] = unique.try_emplace(idx.id);
    if (inserted) {
      for (auto const& [key, e] : writes) {
        if (!e.doc) continue;
        for (auto& t : index_tuples(idx, *e.doc)) it->second.emplace(std::move(t), key);
      }
    }
    return it->second;
  }

  void unique_remove(Document const& d) {
    for (auto const& idx : coll->data.indexes) {
      auto m = unique.find(idx->id);
      if (m == unique.end()) continue;
      for (auto const& t : index_tuples(*idx, d)) {
        auto e = m->second.find(t);
        if (e != m->second.end() && e->second == d.key()) m->second.erase(e);
      }
    }
  }

  void unique_add(Document const& d) {
    for (auto const& idx : coll->data.indexes) {
      auto m = unique.find(idx->id);
      if (m == unique.end()) continue;
      for (auto& t : index_tuples(*idx, d)) m->second[std::move(t)] = d.key();
    }
  }

  void set(std::string const& key, DocPtr const& doc) {
    auto it = writes.find(key);
    if (it == writes.end()) {
      it = writes.emplace(key, Entry{nullptr, doc_lookup(*coll, key)}).first;
    } else if (it->second.doc) {
      unique_remove(*it->second.doc);
      by_rev.erase(it->second.doc->rev);
    }
    it->second.doc = doc;
    if (doc) {
      by_rev[doc->rev] = key;
      unique_add(*doc);
    }
  }
};

struct TrxOptions {
  bool wait_for_sync = false;
  bool allow_implicit = true;
  double lock_timeout = kDefaultLockTimeout;
};

// A transaction's lease: shared for reading requests, exclusive for writing
// ones, commit and abort. Unlike std::shared_timed_mutex it belongs to nobody
// in particular: a streaming cursor takes the lease on the thread that
// created it and gives it back on whichever thread fetches its last batch,
// deletes it or lets it expire. Meets Lockable and SharedTimedLockable.
class Lease {
 public:
  template <class Rep, class Period>
  bool try_lock_for(std::chrono::duration<Rep, Period> wait) {
    std::unique_lock lock(mutex_);
    if (!cv_.wait_for(lock, wait, [&] { return !writer_ && readers_ == 0; })) return false;
    writer_ = true;
    return true;
  }
  template <class Rep, class Period>
  bool try_lock_shared_for(std::chrono::duration<Rep, Period> wait) {
    std::unique_lock lock(mutex_);
    if (!cv_.wait_for(lock, wait, [&] { return !writer_; })) return false;
    ++readers_;
    return true;
  }
  bool try_lock() { return try_lock_for(std::chrono::seconds(0)); }
  void unlock() {
    {
      std::lock_guard lock(mutex_);
      writer_ = false;
    }
    cv_.notify_all();
  }
  void unlock_shared() {
    bool last = false;
    {
      std::lock_guard lock(mutex_);
      last = --readers_ == 0;
    }
    if (last) cv_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool writer_ = false;
  int readers_ = 0;
};

class Transaction {
 public:
  std::uint64_t id = 0;
  std::string database;
  std::shared_ptr<Database> db;
  std::string user;
  TrxOptions options;

  // Guarded by the manager mutex.
  TrxState state = TrxState::Running;
  bool was_expired = false;
  Clock::time_point expiry;
  bool write_leased = false;  // an exclusive lease is held right now
  bool pinned = false;        // a JavaScript transaction's: never idle-expired (see pin)

  Lease use;

  // The collections (guarded by colls_mutex: read leases may add implicit
  // read collections concurrently).
  std::mutex colls_mutex;
  std::map<Collection const*, std::unique_ptr<TrxCollection>> colls;

  bool read_only() {
    std::lock_guard lock(colls_mutex);
    for (auto const& [c, tc] : colls) {
      if (tc->access != TrxAccess::Read) return false;
    }
    return true;
  }
};

// ---------------------------------------------------------------------------
// Manager
// ---------------------------------------------------------------------------

struct TransactionManager::Impl {
  std::mutex mutex;
  std::condition_variable lock_cv;
  double idle_timeout = 60.0;
  std::map<std::uint64_t, std::shared_ptr<Transaction>> trxs;  // running and tombstones
  // No transaction expires before this (a lower bound, kept by set_expiry): collect_garbage
  // scans trxs only once it has passed, and at most every kGcInterval, so that a request does
  // not pay for every transaction of the last ten minutes.
  Clock::time_point next_gc = Clock::time_point::min();
  static constexpr auto kGcInterval = std::chrono::milliseconds(250);

  void set_expiry(Transaction& t, Clock::time_point at) {  // under mutex
    t.expiry = at;
    next_gc = std::min(next_gc, at);
  }

  struct CollectionLockState {
    std::uint64_t exclusive = 0;
    std::map<std::uint64_t, int> shared;  // owner -> count
  };
  std::map<Collection const*, CollectionLockState> coll_locks;

  // Collection locks of a transaction being ended, then its end state.
  void end(Transaction& t, TrxState state, bool expired) {
    std::vector<std::shared_ptr<Collection>> to_unlock;
    {
      std::lock_guard lock(t.colls_mutex);
      for (auto& [c, tc] : t.colls) {
        if (tc->collection_locked) to_unlock.push_back(tc->coll);
      }
      t.colls.clear();
    }
    std::lock_guard lock(mutex);
    for (auto const& c : to_unlock) release_locked(*c, t.id);
    t.state = state;
    t.was_expired = expired;
    set_expiry(t, after(kTombstoneTtl));
    lock_cv.notify_all();
  }

  void release_locked(Collection const& c, std::uint64_t owner) {
    auto it = coll_locks.find(&c);
    if (it == coll_locks.end()) return;
    auto& s = it->second;
    if (s.exclusive == owner) s.exclusive = 0;
    if (auto sh = s.shared.find(owner); sh != s.shared.end() && --sh->second <= 0) s.shared.erase(sh);
    if (s.exclusive == 0 && s.shared.empty()) coll_locks.erase(it);
  }
};

TransactionManager& TransactionManager::instance() {
  static TransactionManager m;
  return m;
}

TransactionManager::Impl& TransactionManager::impl() {
  static Impl i;
  return i;
}

void TransactionManager::set_idle_timeout(double seconds) {
  std::lock_guard lock(impl().mutex);
  impl().idle_timeout = seconds;
}

double TransactionManager::idle_timeout() const {
  auto& i = const_cast<TransactionManager*>(this)->impl();
  std::lock_guard lock(i.mutex);
  return i.idle_timeout;
}

namespace {

// Drops the overlay and the key locks of all collections of `t` (t.use held
// exclusively).
void discard_overlays(Transaction& t) {
  std::vector<TrxCollection*> dirty;
  {
    std::lock_guard lock(t.colls_mutex);
    for (auto& [c, tc] : t.colls) {
      if (tc->dirty()) dirty.push_back(tc.get());
    }
  }
  for (auto* tc : dirty) {
    std::unique_lock lock(tc->coll->mutex);
    tc->drop_locks();
    tc->writes.clear();
    tc->by_rev.clear();
    tc->unique.clear();
  }
}

// Applies the overlays of `t` atomically (t.use held exclusively). On a
// unique conflict nothing is applied and the error is returned.
TrxError apply_overlays(Transaction& t) {
  std::vector<TrxCollection*> dirty;
  {
    std::lock_guard lock(t.colls_mutex);
    for (auto& [c, tc] : t.colls) {
      if (tc->dirty()) dirty.push_back(tc.get());
    }
  }
  std::sort(dirty.begin(), dirty.end(),
            [](TrxCollection const* a, TrxCollection const* b) { return a->coll->id < b->coll->id; });
  std::vector<std::unique_lock<std::shared_mutex>> locks;
  locks.reserve(dirty.size());
  for (auto* tc : dirty) locks.emplace_back(tc->coll->mutex);

  // Check everything first: the overlay against the committed data as it is
  // now (a unique index may have been created meanwhile).
  TrxError err;
  for (auto* tc : dirty) {
    auto const& data = tc->coll->data;
    std::map<std::pair<std::uint64_t, std::string>, std::string> seen;
    for (auto const& [key, e] : tc->writes) {
      if (!e.doc) continue;
      if (!e.base && data.docs.count(key) != 0) {
        err = make_error(1210,
                         "unique constraint violated - in index primary of type primary over '_key'; "
                         "conflicting key: " +
                             key);
        break;
      }
      for (auto const& idx : data.indexes) {
        if (!idx->enforces_unique()) continue;
        for (auto const& tup : index_tuples(*idx, *e.doc)) {
          auto owner = idx->unique_entries.find(tup);
          if (owner != idx->unique_entries.end() && owner->second != key &&
              tc->writes.count(owner->second) == 0) {
            err = make_error(1210, unique_violation_message(*idx, owner->second));
            break;
          }
          auto [it, inserted] = seen.try_emplace({idx->id, tup}, key);
          if (!inserted && it->second != key) {
            err = make_error(1210, unique_violation_message(*idx, it->second));
            break;
          }
        }
        if (err.failed()) break;
      }
      if (err.failed()) break;
    }
    if (err.failed()) break;
  }
  if (!err.failed()) {
    for (auto* tc : dirty) {
      // storage order follows the revisions the overlay documents carry
      for (auto const& [key, e] : tc->writes) {
        if (doc_lookup(*tc->coll, key) != e.doc) doc_set(*tc->coll, key, e.doc);
      }
    }
  }
  for (auto* tc : dirty) {
    tc->drop_locks();
    tc->writes.clear();
    tc->by_rev.clear();
    tc->unique.clear();
  }
  return err;
}

std::string lock_timeout_message(double timeout, TrxAccess mode, std::string const& database,
                                 std::string const& collection) {
  if (timeout < 0.1) return {};
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%f", timeout);  // std::to_string(double)
  return "timed out after " + std::string(buf) + " s waiting for " + std::string(access_string(mode)) +
         "-lock on collection " + database + "/" + collection + " on single";
}

// Transaction options and collections of a begin body (buildOptions).
TrxError parse_begin(rapidjson::Value const* body, TrxOptions& opts,
                     std::vector<std::pair<std::string, TrxAccess>>& names) {
  if (body == nullptr || !body->IsObject()) return make_error(10, "missing 'collections'");
  auto const* colls = member(*body, "collections");
  if (colls == nullptr || !colls->IsObject()) return make_error(10, "missing 'collections'");
  if (auto const* v = member(*body, "lockTimeout"); v != nullptr && v->IsNumber()) {
    opts.lock_timeout = v->GetDouble();
    if (opts.lock_timeout < 0) return make_error(10, "<lockTimeout> needs to be positive");
    if (opts.lock_timeout == 0) opts.lock_timeout = kDefaultLockTimeout;
  }
  if (auto const* v = member(*body, "allowImplicit"); v != nullptr && v->IsBool()) {
    opts.allow_implicit = v->GetBool();
  }
  if (auto const* v = member(*body, "waitForSync"); v != nullptr && v->IsBool()) {
    opts.wait_for_sync = v->GetBool();
  }
  // exclusive first, then write, then read (Manager::lockCollections)
  for (auto const& [attr, mode] : {std::pair{"exclusive", TrxAccess::Exclusive},
                                   std::pair{"write", TrxAccess::Write},
                                   std::pair{"read", TrxAccess::Read}}) {
    auto const* v = member(*colls, attr);
    if (v == nullptr) continue;
    if (v->IsString()) {
      names.emplace_back(std::string(v->GetString(), v->GetStringLength()), mode);
    } else if (v->IsArray()) {
      for (auto const& e : v->GetArray()) {
        if (!e.IsString() || e.GetStringLength() == 0) {
          return make_error(10, "invalid 'collections' attribute");
        }
        names.emplace_back(std::string(e.GetString(), e.GetStringLength()), mode);
      }
    } else {
      return make_error(10, "invalid 'collections' attribute");
    }
  }
  return {};
}

}  // namespace

TrxError TransactionManager::begin(std::shared_ptr<Database> const& db, std::string const& database,
                                   AccessContext const& access, rapidjson::Value const* body,
                                   std::uint64_t& id) {
  std::string const& user = access.user();
  collect_garbage();
  auto t = std::make_shared<Transaction>();
  std::vector<std::pair<std::string, TrxAccess>> names;
  if (auto e = parse_begin(body, t->options, names); e.failed()) return e;
  t->id = new_tick();
  t->database = database;
  t->db = db;
  t->user = user;
  for (auto const& [name, mode] : names) {
    auto c = db->find_collection(name);
    if (!c) return make_error(1203, "collection or view not found: " + name);
    std::string cname;
    {
      std::shared_lock lock(c->mutex);
      cname = c->name;
    }
    if (auto denied = access.check_collection(cname, access_string(mode))) {
      return make_error(denied.error, denied.message);
    }
    auto& tc = t->colls[c.get()];
    if (!tc) {
      tc = std::make_unique<TrxCollection>(t->id, c, mode);
    } else if (mode > tc->access) {
      tc->access = mode;
    }
  }
  // lock in collection id order
  std::vector<TrxCollection*> order;
  for (auto& [c, tc] : t->colls) {
    if (tc->access != TrxAccess::Read) order.push_back(tc.get());
  }
  std::sort(order.begin(), order.end(),
            [](TrxCollection const* a, TrxCollection const* b) { return a->coll->id < b->coll->id; });
  for (auto* tc : order) {
    bool exclusive = tc->access == TrxAccess::Exclusive;
    if (!lock_collection(*tc->coll, t->id, exclusive, t->options.lock_timeout)) {
      for (auto* done : order) {
        if (done->collection_locked) unlock_collection(*done->coll, t->id);
      }
      std::string name;
      {
        std::shared_lock lock(tc->coll->mutex);
        name = tc->coll->name;
      }
      return make_error(18, lock_timeout_message(t->options.lock_timeout, tc->access, database, name));
    }
    tc->collection_locked = true;
  }
  auto& i = impl();
  std::lock_guard lock(i.mutex);
  i.set_expiry(*t, after(i.idle_timeout));
  i.trxs[t->id] = t;
  id = t->id;
  return {};
}

std::optional<std::string> TransactionManager::status(std::uint64_t id, std::string const& database,
                                                      std::string const& user) {
  collect_garbage();
  auto& i = impl();
  std::lock_guard lock(i.mutex);
  auto it = i.trxs.find(id);
  if (it == i.trxs.end() || !authorized(it->second->user, user) || it->second->database != database) {
    return std::nullopt;
  }
  return std::string(state_string(it->second->state));
}

TrxError TransactionManager::finish(std::uint64_t id, std::string const& database,
                                    std::string const& user, bool commit) {
  collect_garbage();
  auto& i = impl();
  std::string const op = commit ? "commit" : "abort";
  std::string const ids = std::to_string(id);
  std::shared_ptr<Transaction> t;
  {
    std::lock_guard lock(i.mutex);
    auto it = i.trxs.find(id);
    if (it == i.trxs.end()) {
      // arangod remembers an unknown id as aborted
      auto tomb = std::make_shared<Transaction>();
      tomb->id = id;
      tomb->database = database;
      tomb->user = user;
      tomb->state = TrxState::Aborted;
      i.set_expiry(*tomb, after(kTombstoneTtl));
      i.trxs[id] = tomb;
      return make_error(1655, "transaction " + ids + " not found on " + op + " operation");
    }
    t = it->second;
    if (!authorized(t->user, user) || t->database != database) {
      return make_error(1655, "transaction " + ids + " inaccessible on " + op + " operation");
    }
  }
  // statusChangeWithTimeout: 100 ms attempts for up to 3 s
  auto deadline = after(3.0);
  bool locked = false;
  while (!(locked = t->use.try_lock_for(std::chrono::milliseconds(100)))) {
    if (Clock::now() > deadline) break;
  }
  if (!locked) {
    return make_error(28, "updating transaction status on " + op + " failed. transaction " + ids +
                              " is in use");
  }
  std::unique_lock use(t->use, std::adopt_lock);
  TrxState target = commit ? TrxState::Committed : TrxState::Aborted;
  {
    std::lock_guard lock(i.mutex);
    if (t->state != TrxState::Running) {
      if (t->state == target) return {};
      return make_error(1653, std::string("transaction was already ") +
                                  (t->was_expired ? "expired" : std::string(state_string(t->state))));
    }
  }
  TrxError err;
  if (commit) {
    err = apply_overlays(*t);
  } else {
    discard_overlays(*t);
  }
  i.end(*t, err.failed() ? TrxState::Aborted : target, false);
  return err;
}

std::vector<std::pair<std::uint64_t, std::string>> TransactionManager::list(
    std::string const& database, std::string const& user) {
  collect_garbage();
  auto& i = impl();
  std::lock_guard lock(i.mutex);
  std::vector<std::pair<std::uint64_t, std::string>> out;
  for (auto const& [id, t] : i.trxs) {
    if (t->state == TrxState::Running && t->database == database && authorized(t->user, user)) {
      out.emplace_back(id, std::string(state_string(t->state)));
    }
  }
  return out;
}

void TransactionManager::abort_write_transactions(std::string const& user) {
  collect_garbage();
  std::vector<std::shared_ptr<Transaction>> candidates;
  {
    auto& i = impl();
    std::lock_guard lock(i.mutex);
    for (auto const& [id, t] : i.trxs) {
      if (t->state == TrxState::Running && authorized(t->user, user)) candidates.push_back(t);
    }
  }
  for (auto const& t : candidates) {
    if (!t->read_only()) finish(t->id, t->database, t->user, false);
  }
}

TrxError TransactionManager::lease(std::uint64_t id, std::string const& database,
                                   std::string const& user, bool write, bool quoted_id,
                                   std::shared_ptr<Transaction>& out) {
  collect_garbage();
  auto& i = impl();
  std::string const ids = std::to_string(id);
  auto not_found = [&] {
    return make_error(1655, quoted_id ? "transaction '" + ids + "' not found"
                                      : "transaction " + ids + " not found");
  };
  auto aborted = [&] { return make_error(1654, "transaction " + ids + " has already been aborted"); };
  std::shared_ptr<Transaction> t;
  {
    std::lock_guard lock(i.mutex);
    auto it = i.trxs.find(id);
    if (it == i.trxs.end() || it->second->database != database || !authorized(it->second->user, user)) {
      return not_found();
    }
    t = it->second;
    if (t->state == TrxState::Aborted) return aborted();
    if (t->state != TrxState::Running || t->expiry < Clock::now()) return not_found();
  }
  auto wait = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(kStreamingLockTimeout));
  bool locked = write ? t->use.try_lock_for(wait) : t->use.try_lock_shared_for(wait);
  if (!locked) {
    return make_error(28, std::string(write ? "cannot write-lock" : "cannot read-lock") +
                              ", transaction " + ids + " is already in use");
  }
  {
    std::lock_guard lock(i.mutex);
    TrxState s = t->state;
    if (s == TrxState::Running) {
      if (write) t->write_leased = true;
      out = std::move(t);
      return {};
    }
  }
  if (write) {
    t->use.unlock();
  } else {
    t->use.unlock_shared();
  }
  return t->state == TrxState::Aborted ? aborted() : not_found();
}

void TransactionManager::release(Transaction& t, bool write) {
  auto& i = impl();
  {
    std::lock_guard lock(i.mutex);
    if (t.state == TrxState::Running && !t.pinned) i.set_expiry(t, after(i.idle_timeout));
    if (write) t.write_leased = false;
  }
  if (write) {
    t.use.unlock();
  } else {
    t.use.unlock_shared();
  }
}

bool TransactionManager::lock_collection(Collection& c, std::uint64_t owner, bool exclusive,
                                         double timeout) {
  auto& i = impl();
  auto deadline = after(timeout);
  while (true) {
    {
      std::unique_lock lock(i.mutex);
      auto& s = i.coll_locks[&c];
      bool free_of_others = true;
      for (auto const& [o, n] : s.shared) {
        if (o != owner) free_of_others = false;
      }
      bool ok = (s.exclusive == 0 || s.exclusive == owner) && (!exclusive || free_of_others);
      if (ok) {
        if (exclusive) {
          s.exclusive = owner;
        } else {
          ++s.shared[owner];
        }
        return true;
      }
      auto now = Clock::now();
      if (now >= deadline) return false;
      i.lock_cv.wait_for(lock, std::min<Clock::duration>(deadline - now, std::chrono::milliseconds(50)));
    }
    // the holder may have expired meanwhile
    collect_garbage();
  }
}

void TransactionManager::unlock_collection(Collection& c, std::uint64_t owner) {
  auto& i = impl();
  std::lock_guard lock(i.mutex);
  i.release_locked(c, owner);
  i.lock_cv.notify_all();
}

void TransactionManager::pin(std::uint64_t id) {
  auto& i = impl();
  std::lock_guard lock(i.mutex);
  auto it = i.trxs.find(id);
  if (it == i.trxs.end() || it->second->state != TrxState::Running) return;
  it->second->pinned = true;
  it->second->expiry = Clock::time_point::max();
}

void TransactionManager::collect_garbage() {
  auto& i = impl();
  std::vector<std::shared_ptr<Transaction>> victims;
  {
    std::lock_guard lock(i.mutex);
    auto now = Clock::now();
    if (now < i.next_gc) return;  // nothing has expired yet, or scanned a moment ago
    auto earliest = Clock::time_point::max();
    for (auto it = i.trxs.begin(); it != i.trxs.end();) {
      auto& t = it->second;
      if (t->expiry >= now) {
        earliest = std::min(earliest, t->expiry);
        ++it;
        continue;
      }
      if (t->state != TrxState::Running) {
        it = i.trxs.erase(it);
        continue;
      }
      if (!t->write_leased && t->use.try_lock()) {
        victims.push_back(t);
      } else {
        earliest = now;  // expired but busy: look again at the next interval
      }
      ++it;
    }
    i.next_gc = std::max(earliest, now + Impl::kGcInterval);
  }
  for (auto const& t : victims) {
    std::unique_lock use(t->use, std::adopt_lock);
    {
      std::lock_guard lock(i.mutex);
      if (t->state != TrxState::Running) continue;
    }
    discard_overlays(*t);
    i.end(*t, TrxState::Aborted, true);
  }
}

// ---------------------------------------------------------------------------
// CollectionLock
// ---------------------------------------------------------------------------

CollectionLock::~CollectionLock() {
  if (c_) TransactionManager::instance().unlock_collection(*c_, owner_);
}

TrxError CollectionLock::acquire(std::shared_ptr<Collection> const& c, std::string const& database,
                                 bool exclusive) {
  // owners of requests without transaction never collide with transaction
  // ids (ticks) and do not use up ticks (key generators use them)
  static std::atomic<std::uint64_t> next_owner{std::uint64_t{1} << 63};
  std::uint64_t owner = next_owner.fetch_add(1, std::memory_order_relaxed);
  if (!TransactionManager::instance().lock_collection(*c, owner, exclusive, kDefaultLockTimeout)) {
    std::string name;
    {
      std::shared_lock lock(c->mutex);
      name = c->name;
    }
    return make_error(18, lock_timeout_message(kDefaultLockTimeout,
                                               exclusive ? TrxAccess::Exclusive : TrxAccess::Write,
                                               database, name));
  }
  c_ = c;
  owner_ = owner;
  return {};
}

// ---------------------------------------------------------------------------
// DocTarget
// ---------------------------------------------------------------------------

DocTarget::DocTarget() = default;

DocTarget::~DocTarget() {
  locks_.clear();
  if (trx_) TransactionManager::instance().release(*trx_, write_lease_);
}

std::optional<HttpResponse> DocTarget::open(RequestContext const& ctx, TrxAccess mode,
                                            bool quoted_id) {
  database_ = ctx.database;
  access_ = AccessContext::of(ctx);
  auto const* h = ctx.header("x-arango-trx-id");
  if (h == nullptr) return std::nullopt;
  std::string const& value = *h;
  std::uint64_t id = 0;
  std::size_t pos = 0;
  try {
    id = std::stoull(value, &pos, 10);
  } catch (...) {
    id = 0;
  }
  if (id == 0) return error_response(400, 10, "invalid transaction ID");
  if (pos > 0 && pos < value.size()) {
    std::string_view rest = std::string_view(value).substr(pos);
    if (rest == " aql") return error_response(400, 1653, "cannot start an AQL transaction here");
    if (rest == " begin") return error_response(400, 1653, "cannot start a managed transaction here");
  }
  bool write = mode != TrxAccess::Read;
  std::shared_ptr<Transaction> t;
  if (auto e = TransactionManager::instance().lease(id, ctx.database, ctx.user(), write, quoted_id, t);
      e.failed()) {
    return trx_error_response(e);
  }
  trx_ = std::move(t);
  write_lease_ = write;
  return std::nullopt;
}

TrxError DocTarget::access_error(std::shared_ptr<Collection> const& c, TrxAccess mode) {
  if (access_.restricted()) {
    std::string name;
    {
      std::shared_lock lock(c->mutex);
      name = c->name;
    }
    if (auto denied = access_.check_collection(name, access_string(mode))) {
      return make_error(denied.error, denied.message);
    }
  }
  if (!trx_) {
    if (mode == TrxAccess::Read) return {};
    auto lock = std::make_unique<CollectionLock>();
    if (auto e = lock->acquire(c, database_, mode == TrxAccess::Exclusive); e.failed()) return e;
    locks_.push_back(std::move(lock));
    return {};
  }
  std::string name;
  {
    std::shared_lock lock(c->mutex);
    name = c->name;
  }
  auto unregistered = [&] {
    return make_error(1652, "unregistered collection used in transaction: " + name + " [" +
                                std::string(access_string(mode)) + "]");
  };
  std::lock_guard lock(trx_->colls_mutex);
  auto it = trx_->colls.find(c.get());
  if (it != trx_->colls.end()) {
    if (mode != TrxAccess::Read && it->second->access == TrxAccess::Read) return unregistered();
    return {};
  }
  if (mode != TrxAccess::Read || !trx_->options.allow_implicit) return unregistered();
  trx_->colls.emplace(c.get(), std::make_unique<TrxCollection>(trx_->id, c, TrxAccess::Read));
  return {};
}

std::optional<HttpResponse> DocTarget::access(std::shared_ptr<Collection> const& c, TrxAccess mode) {
  auto e = access_error(c, mode);
  if (e.failed()) return trx_error_response(e);
  return std::nullopt;
}

DocView& DocTarget::view(Collection& c) {
  if (trx_) {
    std::lock_guard lock(trx_->colls_mutex);
    auto it = trx_->colls.find(&c);
    if (it != trx_->colls.end()) return *it->second;
  }
  committed_.push_back(std::make_unique<CommittedView>(c));
  return *committed_.back();
}

// ---------------------------------------------------------------------------
// AQL over a DocTarget
// ---------------------------------------------------------------------------

namespace {

// FOR d IN collection inside a stream transaction, read lazily: the committed documents
// (a SnapshotScan: as they were when the scan was opened) that the transaction has not
// written, merged by revision with the transaction's own writes as they were then, a batch
// at a time under the shared lock (16 documents first, doubling up to 1024), each converted
// when asked for. Opening it copies the overlay's document pointers and written keys (the
// transaction's writes, not the collection), so the query's own later writes (an INSERT in a
// subquery per row) do not show up in a scan already running.
class TrxScan final : public aql::DataSource::Scan {
 public:
  TrxScan(std::shared_ptr<Collection> c, TrxCollection const& tc) : c_(std::move(c)) {
    std::shared_lock lock(c_->mutex);
    name_ = c_->name;
    committed_.emplace(c_->data);
    written_.reserve(tc.writes.size());
    for (auto const& [key, e] : tc.writes) written_.insert(key);
    overlay_.reserve(tc.by_rev.size());
    for (auto const& [rev, key] : tc.by_rev) {
      auto w = tc.writes.find(key);
      if (w != tc.writes.end() && w->second.doc) overlay_.push_back(w->second.doc);
    }
  }

  bool next(aql::Value& doc) override {
    if (pos_ >= batch_.size() && !refill()) return false;
    doc = aql::document_value(*batch_[pos_], name_);
    batch_[pos_++].reset();
    return true;
  }

 private:
  bool refill() {
    batch_.clear();
    pos_ = 0;
    // a batch of committed documents the transaction has all written yields nothing: read on
    while (batch_.empty()) {
      if (committed_done_ && ov_ >= overlay_.size()) return false;
      std::size_t const max = batch_size_;
      batch_size_ = std::min<std::size_t>(batch_size_ * 2, 1024);
      std::vector<DocPtr> committed;
      if (!committed_done_) {
        std::shared_lock lock(c_->mutex);
        if (!committed_->next_batch(committed, max)) committed_done_ = true;
      }
      // the overlay's documents before a committed revision go first (TrxCollection::for_each)
      for (auto const& d : committed) {
        if (written_.count(std::string(d->key())) != 0) continue;
        while (ov_ < overlay_.size() && overlay_[ov_]->rev < d->rev) batch_.push_back(overlay_[ov_++]);
        batch_.push_back(d);
      }
      if (committed_done_) {
        // the rest of the overlay, a batch at a time
        while (ov_ < overlay_.size() && batch_.size() < max) batch_.push_back(overlay_[ov_++]);
      } else {
        // up to the batch's last revision: the next batch starts after it
        std::uint64_t const last = committed.back()->rev;
        while (ov_ < overlay_.size() && overlay_[ov_]->rev <= last) batch_.push_back(overlay_[ov_++]);
      }
    }
    return true;
  }

  std::shared_ptr<Collection> c_;
  std::string name_;
  std::optional<SnapshotScan> committed_;
  bool committed_done_ = false;
  std::unordered_set<std::string> written_;  // keys the transaction wrote (removed ones too)
  std::vector<DocPtr> overlay_;              // its documents, in revision order
  std::size_t ov_ = 0;
  std::vector<DocPtr> batch_;
  std::size_t pos_ = 0;
  std::size_t batch_size_ = 16;
};

class TargetSource final : public aql::DataSource {
 public:
  TargetSource(DocTarget& target, std::shared_ptr<Database> db)
      : target_(target), db_(std::move(db)), committed_(aql::make_docstore_source(db_)) {}

  std::shared_ptr<Database> database() const override { return db_; }

  std::optional<aql::CollectionInfo> collection(std::string_view name) override {
    auto c = db_->find_collection(name);
    if (!c) return is_view(name) ? committed_->collection(name) : std::nullopt;
    std::shared_lock lock(c->mutex);
    return aql::CollectionInfo{c->name, c->is_edge()};
  }

  std::vector<aql::VectorIndexInfo> vector_indexes(std::string const& name) override {
    auto c = db_->find_collection(name);
    if (!c) return {};
    std::shared_lock lock(c->mutex);
    return aql::vector_indexes_of(*c);
  }

  std::vector<std::string> collection_names() override {
    std::vector<std::string> out;
    for (auto const& c : db_->collections_sorted()) {
      std::shared_lock lock(c->mutex);
      out.push_back(c->name);
    }
    return out;
  }

  std::unique_ptr<Scan> open_scan(std::string const& name) override {
    // a view reads its committed index, not the transaction's writes
    if (is_view(name)) return committed_->open_scan(name);
    auto c = readable(name);
    if (!c) return committed_->open_scan(name);  // an unknown collection: nothing
    auto* tc = dynamic_cast<TrxCollection*>(&target_.view(*c));
    if (tc == nullptr) return committed_->open_scan(name);  // read outside the transaction
    return std::make_unique<TrxScan>(std::move(c), *tc);
  }

  std::size_t count(std::string const& name) override {
    if (is_view(name)) return committed_->count(name);
    auto c = readable(name);
    if (!c) return 0;
    std::shared_lock lock(c->mutex);
    return target_.view(*c).count();
  }

  std::optional<aql::Value> lookup(std::string const& name, std::string_view key) override {
    auto c = readable(name);
    if (!c) return std::nullopt;
    DocPtr d;
    std::string cname;
    {
      std::shared_lock lock(c->mutex);
      d = target_.view(*c).lookup(key);
      cname = c->name;
    }
    if (!d) return std::nullopt;
    return aql::document_value(*d, cname);
  }

  // Index definitions are not transactional: the committed collection's.
  std::vector<std::shared_ptr<Index const>> indexes(std::string const& name) override {
    return aql::user_indexes(*db_, name);
  }

  aql::WriteResult insert(std::string const& name, aql::Value const& doc,
                          WriteOptions const& o) override {
    return write(name, doc, [&](Collection& c, DocView& v, rapidjson::Value const& in) {
      return doc_insert(c, v, in, o);
    });
  }

  aql::WriteResult update(std::string const& name, std::string_view key, aql::Value const& patch,
                          WriteOptions const& o) override {
    return write(name, patch, [&](Collection& c, DocView& v, rapidjson::Value const& in) {
      return doc_update(c, v, key, in, o);
    });
  }

  aql::WriteResult replace(std::string const& name, std::string_view key, aql::Value const& doc,
                           WriteOptions const& o) override {
    return write(name, doc, [&](Collection& c, DocView& v, rapidjson::Value const& in) {
      return doc_replace(c, v, key, in, o);
    });
  }

  aql::WriteResult remove(std::string const& name, std::string_view key,
                          std::optional<std::string> rev, WriteOptions const& o) override {
    return write(name, aql::Value(), [&](Collection& c, DocView& v, rapidjson::Value const&) {
      return doc_remove(c, v, key, rev, o);
    });
  }

 private:
  // The collection for reading; throws when the transaction may not read it.
  std::shared_ptr<Collection> readable(std::string const& name) {
    auto c = db_->find_collection(name);
    if (!c) return nullptr;
    if (auto e = target_.access_error(c, TrxAccess::Read); e.failed()) {
      throw aql::QueryError(e.code, e.message);
    }
    return c;
  }

  template <typename Fn>
  aql::WriteResult write(std::string const& name, aql::Value const& input, Fn&& fn) {
    aql::WriteResult out;
    auto c = db_->find_collection(name);
    if (!c) {
      out.error = 1203;
      out.message = "collection or view not found: " + name;
      return out;
    }
    if (auto e = target_.access_error(c, TrxAccess::Write); e.failed()) {
      out.error = e.code;
      out.message = e.message;
      return out;
    }
    return aql::locked_write(*c, input, [&](Collection& coll, rapidjson::Value const& in) {
      return fn(coll, target_.view(coll), in);
    });
  }

  DocTarget& target_;
  std::shared_ptr<Database> db_;
  std::unique_ptr<aql::DataSource> committed_;  // views: the committed documents
};

}  // namespace

std::unique_ptr<aql::DataSource> make_target_source(DocTarget& target, std::shared_ptr<Database> db) {
  return std::make_unique<TargetSource>(target, std::move(db));
}

}  // namespace emu
