// In-memory state of the emulated server.
//
// Locking: the Store's own mutex guards the database map and the users. Each
// Database has its own shared_mutex guarding its contents (collections now;
// documents, indexes, views ... later), so work on one database never blocks
// another. Lock order: Store before Database, never the other way round.
// Handlers get shared_ptr<Database> handles; a dropped database stays alive
// until the last handler using it has finished.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "docstore.hpp"

namespace emu {

enum class AuthLevel { None = 0, RO = 1, RW = 2 };
std::string_view to_string(AuthLevel level) noexcept;

inline constexpr std::string_view kSystemDatabase = "_system";

enum class CollectionType { Document = 2, Edge = 3 };

// A collection. `id`, `type`, `is_system`, `globally_unique_id` and
// `object_id` never change. `name` changes only on rename, under the
// database's exclusive lock *and* this collection's exclusive lock, so it can
// be read under either. Everything else is guarded by `mutex`.
class Collection {
 public:
  std::uint64_t id = 0;
  std::uint64_t object_id = 0;
  std::string name;
  CollectionType type = CollectionType::Document;
  bool is_system = false;
  std::string globally_unique_id;

  mutable std::shared_mutex mutex;
  bool wait_for_sync = false;
  CollectionData data;  // documents, indexes, key generator, properties

  bool is_edge() const noexcept { return type == CollectionType::Edge; }
};

class Database {
 public:
  std::uint64_t id = 0;
  std::string name;
  bool is_system = false;
  // Cluster options as a single server reports them internally.
  std::string sharding;
  std::uint32_t replication_factor = 1;
  std::uint32_t write_concern = 1;

  // Guards everything below.
  mutable std::shared_mutex mutex;
  std::map<std::string, std::shared_ptr<Collection>, std::less<>> collections;

  // Collections sorted by name (what GET /_api/collection lists).
  std::vector<std::shared_ptr<Collection>> collections_sorted() const;
  // By name or by numeric id (as a string); nullptr when unknown. Takes the
  // shared lock.
  std::shared_ptr<Collection> find_collection(std::string_view name_or_id) const;
  // Same, caller holds `mutex`.
  std::shared_ptr<Collection> find_collection_locked(std::string_view name_or_id) const;
};

struct User {
  std::string name;
  std::string password;  // plain text; this is a test server
  bool active = true;
  std::string extra_json = "{}";  // serialised JSON object
  // Database grants: database name or "*" (default for all databases).
  std::map<std::string, AuthLevel, std::less<>> databases;
};

struct NewDatabaseUser {
  std::string name;
  std::string password;
  bool active = true;
  std::optional<std::string> extra_json;
};

struct DatabaseSpec {
  std::string name;
  std::string sharding;
  std::uint32_t replication_factor = 1;
  std::uint32_t write_concern = 1;
  std::vector<NewDatabaseUser> users;
};

class Store {
 public:
  explicit Store(std::string root_password);
  Store(Store const&) = delete;
  Store& operator=(Store const&) = delete;

  // Monotonic id source for databases, collections, revisions, jobs ...
  std::uint64_t next_id() noexcept;

  // --- databases ---
  std::shared_ptr<Database> find_database(std::string_view name) const;
  std::vector<std::string> database_names() const;  // sorted (byte order)
  // Databases the user can access (level != None); all for an empty user.
  std::vector<std::string> database_names_for_user(std::string_view user) const;

  enum class CreateStatus { Ok, Duplicate };
  // `creator`: authenticated user who gets RW on the new database unless it
  // is a superuser (empty = none / auth off). Name must already be validated.
  CreateStatus create_database(DatabaseSpec spec, std::string_view creator);

  enum class DropStatus { Ok, NotFound, Forbidden };
  DropStatus drop_database(std::string_view name);

  // --- users ---
  bool check_password(std::string_view user, std::string_view password) const;
  bool user_exists(std::string_view user) const;
  std::optional<User> find_user(std::string_view user) const;
  AuthLevel database_auth_level(std::string_view user, std::string_view database) const;
  // RW on _system: may create/drop databases, manage users etc.
  bool is_admin_user(std::string_view user) const;

 private:
  std::shared_ptr<Database> make_database(std::string name, bool is_system,
                                          std::uint64_t id);
  AuthLevel level_locked(User const& u, std::string_view database) const;

  mutable std::shared_mutex mutex_;
  std::map<std::string, std::shared_ptr<Database>, std::less<>> databases_;
  std::map<std::string, User, std::less<>> users_;
};

}  // namespace emu
