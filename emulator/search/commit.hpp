// When writes become visible to SEARCH: the commits of ArangoSearch links and
// inverted indexes (arangod's IResearchDataStore).
//
// What arangod 3.12 does (IResearchDataStore.cpp, IResearchViewMeta.cpp,
// IResearchInvertedIndexMeta.cpp, IResearchView / IResearchViewExecutor):
// - Every link of an arangosearch view (one per linked collection) and every
//   inverted index is a data store of its own. A write reaches its writer at
//   once, but a SEARCH reads the data store's *reader*, which only a commit
//   refreshes. Inserts, updates (a removal plus an insert) and removals all
//   follow that rule.
// - commitIntervalMsec: a non-negative integer, default 1000 (negative or
//   non-integer values are rejected when the view or index is created). For an
//   arangosearch view it is a view property that every link of the view uses
//   (IResearchView hands its meta to each link); for a search-alias view it is
//   the property of each inverted index (POST /_api/index; an index cannot be
//   changed afterwards). The commit task runs every commitIntervalMsec (it is
//   scheduled again after each run, with the interval it reads then); 0 turns
//   automatic commits off ("sync is disabled for the link").
// - PUT / PATCH of a view's properties stores the new interval and schedules a
//   commit the new interval later (a pending task reads the new interval too).
// - A new link (view created or link added) starts with an empty committed
//   snapshot: the collection's existing documents are indexed while the link
//   is created but become visible with the link's first commit, one interval
//   later. A link whose definition changes is dropped and made again, so the
//   same holds for it.
// - `SEARCH ... OPTIONS {waitForSync: true}` commits every link the query
//   reads before it takes its snapshot, so it sees every write committed to
//   the collections before the query started.
// - A SEARCH inside a stream transaction reads the same committed snapshot:
//   it does not see the transaction's own writes (they reach the links only
//   when the transaction commits, and SEARCH only after the next link commit).
// - A truncate is a removal of every document (RocksDBCollection::
//   truncateWithRemovals), visible after the next commit like any other, except
//   a standalone truncate of a collection of at least 32768 documents: that one
//   deletes the key ranges (truncateWithRangeDelete) and calls each index's
//   afterTruncate, which clears a link's writer and reopens its reader at once,
//   so SEARCH finds the collection empty right away (IResearchDataStore::
//   afterTruncate). Writes after the truncate wait for the next commit.
// - A commit that changes what SEARCH sees invalidates the AQL results cache of
//   the link's database (IResearchDataStore: invalidateQueryCache(vocbase)),
//   not the other databases' entries.
//
// The emulator keeps, per link and per inverted index, one LinkCommit: the
// committed snapshot (the collection's document pointers in storage order;
// documents are immutable, so a snapshot shares them with the collection) and
// when the next automatic commit is due. The server's periodic sweep
// (commit_due_links, from the TTL thread) commits the links that are due and
// whose collection changed; a reader that finds a commit past due makes it
// first, so visibility never lags behind the interval even between sweeps.
// One snapshot per link, replaced on commit and shared by concurrent queries.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "docstore.hpp"

namespace emu {
class Collection;
class Database;
}  // namespace emu

namespace emu::search {

inline constexpr std::uint64_t kDefaultCommitIntervalMsec = 1000;

class LinkCommit {
 public:
  using Clock = std::chrono::steady_clock;
  using Docs = std::vector<DocPtr>;

  // A new link: nothing committed yet, the first automatic commit due
  // `interval_ms` from now (never when 0).
  explicit LinkCommit(std::uint64_t interval_ms);
  LinkCommit(LinkCommit const&) = delete;
  LinkCommit& operator=(LinkCommit const&) = delete;

  // What a SEARCH reads: the documents of `c` (of database `database`) as of
  // the last commit, in storage order. Commits first with `wait_for_sync`, or
  // when an automatic commit (every `interval_ms`) is due. The caller holds no
  // lock of `c`.
  std::shared_ptr<Docs const> read(Collection const& c, std::string const& database, std::uint64_t interval_ms,
                                   bool wait_for_sync);
  // The periodic commit: commits when one is due and `c` changed since.
  void tick(Collection const& c, std::string const& database, std::uint64_t interval_ms);
  // afterTruncate: the collection was emptied at its write_seq `seq`; the link
  // shows it empty at once (unless a commit already took a later state).
  void truncated(std::uint64_t seq, std::string const& database);
  // The interval changed (view properties): the next commit is due
  // `interval_ms` from now (none when 0).
  void reschedule(std::uint64_t interval_ms);

 private:
  bool due_locked(Clock::time_point now, std::uint64_t interval_ms);
  void commit_locked(Collection const& c, std::string const& database);

  std::mutex mutex_;
  std::shared_ptr<Docs const> docs_;
  bool committed_ = false;   // whether a commit took the collection's contents yet
  std::uint64_t seq_ = 0;    // the collection's write_seq at that commit
  std::optional<Clock::time_point> due_;
};

// The commitIntervalMsec of an inverted index (its reported definition).
std::uint64_t inverted_commit_interval(Index const& idx);

// The periodic commits of `db`: every link of its arangosearch views and every
// inverted index of its collections that is due. Takes db.mutex (shared).
void commit_due_links(Database const& db);

// A standalone truncate of at least this many documents resets the links at once.
inline constexpr std::size_t kRangeDeleteTruncateDocuments = 32 * 1024;

// After `c` of `db` was truncated (its write_seq then `seq`) by a standalone
// truncate of `count` documents: every link and inverted index of `c` shows it
// empty at once when arangod would truncate with range deletes. Takes
// db.mutex and c.mutex (shared); the caller holds neither.
void after_truncate(Database const& db, Collection const& c, std::uint64_t seq, std::size_t count);

}  // namespace emu::search
