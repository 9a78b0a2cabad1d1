// Hot backup support of the Store: a deep copy of its databases and users
// (Store::take_snapshot) and its restore (Store::restore_snapshot).
//
// Documents are immutable and shared by reference count, so a snapshot copies
// the key index and the storage order (pointers), not the documents; indexes
// are copied whole (their unique entries); the Foxx services (immutable
// entries) by their map. What stays shared: views and analyzers (their
// definitions and ArangoSearch data are not part of a backup; README says so).
#include <mutex>
#include <shared_mutex>

#include "store.hpp"

namespace emu {

namespace {

// The caller holds `src.mutex` (shared).
std::shared_ptr<Collection> copy_collection(Collection const& src) {
  auto c = std::make_shared<Collection>();
  c->id = src.id;
  c->object_id = src.object_id;
  c->name = src.name;
  c->type = src.type;
  c->is_system = src.is_system;
  c->globally_unique_id = src.globally_unique_id;
  c->wait_for_sync = src.wait_for_sync;
  CollectionData const& s = src.data;
  CollectionData& d = c->data;
  d.keygen = s.keygen;
  d.schema = s.schema;
  d.computed_values = s.computed_values;
  d.computed_values_null = s.computed_values_null;
  d.cache_enabled = s.cache_enabled;
  d.write_concern = s.write_concern;
  d.replication_factor = s.replication_factor;
  d.docs = s.docs;
  d.by_rev = s.by_rev;
  d.write_seq = s.write_seq;
  d.edges_from = s.edges_from;
  d.edges_to = s.edges_to;
  d.indexes.reserve(s.indexes.size());
  for (auto const& idx : s.indexes) d.indexes.push_back(std::make_shared<Index>(*idx));
  d.last_revision = s.last_revision;
  // Not copied: the graveyard and open scans (nobody reads the copy through
  // them) and the stream transactions' locks (they end with the restore).
  return c;
}

// The caller holds `src.mutex` (shared).
std::shared_ptr<Database> copy_database(Database const& src) {
  auto db = std::make_shared<Database>();
  db->id = src.id;
  db->name = src.name;
  db->is_system = src.is_system;
  db->sharding = src.sharding;
  db->replication_factor = src.replication_factor;
  db->write_concern = src.write_concern;
  db->views = src.views;
  db->analyzers = src.analyzers;
  {
    std::lock_guard foxx_lock(src.foxx_mutex);
    if (src.foxx) db->foxx = copy_foxx_registry(*src.foxx);
  }
  for (auto const& [name, c] : src.collections) {
    std::shared_lock lock(c->mutex);
    db->collections.emplace(name, copy_collection(*c));
  }
  return db;
}

}  // namespace

std::shared_ptr<Store::Snapshot const> Store::take_snapshot() const {
  auto snap = std::make_shared<Snapshot>();
  std::shared_lock lock(mutex_);
  for (auto const& [name, db] : databases_) {
    std::shared_lock dblock(db->mutex);
    auto copy = copy_database(*db);
    for (auto const& [cname, c] : copy->collections) {
      ++snap->collections;
      snap->documents += c->data.docs.size();
      for (auto const& d : c->data.docs) snap->bytes += document_json(*d, cname).size();
    }
    snap->databases.push_back(std::move(copy));
  }
  snap->users = users_;
  snap->next_user_serial = next_user_serial_;
  return snap;
}

void Store::restore_snapshot(Snapshot const& snap) {
  std::map<std::string, std::shared_ptr<Database>, std::less<>> fresh;
  for (auto const& db : snap.databases) {
    // The snapshot's databases are never changed or locked by anybody else;
    // copy_database wants the shared lock held, which is free.
    std::shared_lock dblock(db->mutex);
    fresh.emplace(db->name, copy_database(*db));
  }
  auto system = fresh.find(kSystemDatabase);
  for (auto& [name, db] : fresh) {
    if (system != fresh.end() && db != system->second) db->system_database = system->second;
  }
  std::unique_lock lock(mutex_);
  databases_.swap(fresh);
  users_ = snap.users;
  next_user_serial_ = snap.next_user_serial;
  // `fresh` (the replaced databases) goes when the last handler using one ends.
}

}  // namespace emu
