#include "search/commit.hpp"

#include <charconv>
#include <shared_mutex>
#include <string>
#include <tuple>
#include <unordered_map>

#include "aql/query_cache.hpp"
#include "search/views.hpp"
#include "store.hpp"

namespace emu::search {

LinkCommit::LinkCommit(std::uint64_t interval_ms) : docs_(std::make_shared<Docs const>()) {
  reschedule(interval_ms);
}

void LinkCommit::reschedule(std::uint64_t interval_ms) {
  std::lock_guard lock(mutex_);
  if (interval_ms == 0) {
    due_.reset();
    return;
  }
  // properties() schedules a commit after the new interval; a task already
  // pending runs as planned (with the new interval read then)
  auto at = Clock::now() + std::chrono::milliseconds(interval_ms);
  if (!due_ || at < *due_) due_ = at;
}

bool LinkCommit::due_locked(Clock::time_point now, std::uint64_t interval_ms) {
  if (!due_ || now < *due_) return false;
  if (interval_ms == 0) {  // turned off since: the pending task finds sync disabled
    due_.reset();
    return false;
  }
  // The commit ran at *due_ and again every interval since: the next one is
  // the first of those still to come.
  auto const step = std::chrono::milliseconds(interval_ms);
  auto const missed = (now - *due_) / step;
  *due_ += (missed + 1) * step;
  return true;
}

void LinkCommit::commit_locked(Collection const& c, std::string const& database) {
  {
    std::shared_lock lock(c.mutex);
    if (committed_ && c.data.write_seq == seq_) return;  // no changes
    auto docs = std::make_shared<Docs>();
    docs->reserve(c.data.by_rev.size());
    for (auto const& [rev, live] : c.data.by_rev) docs->push_back(live.doc);
    seq_ = c.data.write_seq;
    committed_ = true;
    docs_ = std::move(docs);
  }
  // a commit that changed what SEARCH sees invalidates the AQL results cache
  // of the link's database (arangod: invalidateQueryCache(vocbase))
  aql::QueryCaches::instance().clear_results(database);
}

void LinkCommit::truncated(std::uint64_t seq, std::string const& database) {
  {
    std::lock_guard lock(mutex_);
    if (committed_ && seq_ >= seq) return;  // a commit already took the state after the truncate
    docs_ = std::make_shared<Docs const>();
    committed_ = true;
    seq_ = seq;
  }
  aql::QueryCaches::instance().clear_results(database);
}

std::shared_ptr<LinkCommit::Docs const> LinkCommit::read(Collection const& c, std::string const& database,
                                                        std::uint64_t interval_ms, bool wait_for_sync) {
  std::lock_guard lock(mutex_);
  if (due_locked(Clock::now(), interval_ms) || wait_for_sync) commit_locked(c, database);
  return docs_;
}

void LinkCommit::tick(Collection const& c, std::string const& database, std::uint64_t interval_ms) {
  std::lock_guard lock(mutex_);
  if (due_locked(Clock::now(), interval_ms)) commit_locked(c, database);
}

std::uint64_t inverted_commit_interval(Index const& idx) {
  auto it = idx.extra.find("commitIntervalMsec");
  if (it == idx.extra.end()) return kDefaultCommitIntervalMsec;
  std::uint64_t v = 0;
  auto const& s = it->second;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size() ? v : kDefaultCommitIntervalMsec;
}

void commit_due_links(Database const& db) {
  std::vector<std::tuple<std::shared_ptr<LinkCommit>, std::shared_ptr<Collection>, std::uint64_t>> work;
  {
    std::shared_lock lock(db.mutex);
    std::unordered_map<std::uint64_t, std::shared_ptr<Collection>> by_id;
    for (auto const& [name, c] : db.collections) {
      if (!db.views.empty()) by_id.emplace(c->id, c);  // only views look collections up by id
      std::shared_lock cl(c->mutex);
      for (auto const& idx : c->data.indexes) {
        if (idx->search_commit) work.emplace_back(idx->search_commit, c, inverted_commit_interval(*idx));
      }
    }
    for (auto const& [name, v] : db.views) {
      for (auto const& [cid, commit] : v->commits) {
        if (auto it = by_id.find(cid); it != by_id.end()) {
          work.emplace_back(commit, it->second, v->meta.commit_interval_msec);
        }
      }
    }
  }
  for (auto const& [commit, c, interval] : work) commit->tick(*c, db.name, interval);
}

void after_truncate(Database const& db, Collection const& c, std::uint64_t seq, std::size_t count) {
  if (count < kRangeDeleteTruncateDocuments) return;  // truncateWithRemovals: removals like any others
  std::vector<std::shared_ptr<LinkCommit>> links;
  {
    std::shared_lock lock(db.mutex);
    for (auto const& [name, v] : db.views) {
      if (auto it = v->commits.find(c.id); it != v->commits.end()) links.push_back(it->second);
    }
    std::shared_lock cl(c.mutex);
    for (auto const& idx : c.data.indexes) {
      if (idx->search_commit) links.push_back(idx->search_commit);
    }
  }
  for (auto const& link : links) link->truncated(seq, db.name);
}

}  // namespace emu::search
