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
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "docstore.hpp"
#include "logbuffer.hpp"

namespace emu {

namespace search {
class AnalyzerRegistry;  // search/analyzers.hpp
}

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

class View;  // search/views.hpp
struct FoxxRegistry;  // handlers_foxx.cpp
// A copy of a database's Foxx services for a hot backup (handlers_foxx.cpp): the services are
// never changed in place (a change replaces the entry), so the copy shares them.
std::shared_ptr<FoxxRegistry> copy_foxx_registry(FoxxRegistry& registry);

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
  // Views by name; a view and a collection never share a name.
  std::map<std::string, std::shared_ptr<View>, std::less<>> views;

  // Its user analyzers (search/analyzers.hpp, own lock), and the store's _system
  // database, whose analyzers every database sees (unset in _system itself).
  std::shared_ptr<search::AnalyzerRegistry> analyzers;
  std::weak_ptr<Database> system_database;

  // Its Foxx services (handlers_foxx.cpp, own lock inside; created on first use under
  // foxx_mutex), dropped with the database.
  mutable std::mutex foxx_mutex;
  std::shared_ptr<FoxxRegistry> foxx;

  // Collections sorted by name (what GET /_api/collection lists).
  std::vector<std::shared_ptr<Collection>> collections_sorted() const;
  // By name or by numeric id (as a string); nullptr when unknown. Takes the
  // shared lock.
  std::shared_ptr<Collection> find_collection(std::string_view name_or_id) const;
  // Same, caller holds `mutex`.
  std::shared_ptr<Collection> find_collection_locked(std::string_view name_or_id) const;
};

// An access token (ArangoDB 3.12.5, /_api/token): a password the user can
// have many of, each with a name, an id and an optional expiry.
struct AccessToken {
  std::uint64_t id = 0;
  std::string name;
  std::int64_t valid_until = 0;  // Unix seconds; 0: no expiry
  std::int64_t created_at = 0;   // Unix seconds
  std::string token;             // "v1.<hex>" (arangod keeps a hash; this is a test server)
  std::string fingerprint;       // "v1..." + the last 6 characters of the token
  bool active(std::int64_t now) const noexcept { return valid_until == 0 || valid_until > now; }
};

// The grants of one user on one database name (or "*"): the database level
// (nullopt: not configured, "undefined") and the collection levels (by
// collection name or "*").
struct DatabaseGrants {
  std::optional<AuthLevel> level;
  std::map<std::string, AuthLevel, std::less<>> collections;
};

struct User {
  std::string name;
  std::string password;  // plain text; this is a test server
  bool active = true;
  std::string extra_json = "{}";  // serialised JSON object
  // Grants: database name or "*" (default for all databases).
  std::map<std::string, DatabaseGrants, std::less<>> databases;
  std::vector<AccessToken> tokens;
  std::uint64_t next_token_id = 1;
  std::uint64_t serial = 0;  // creation order (GET /_api/user lists in it)

  // auth::User of arangod: the configured levels (nullopt: "undefined") and
  // the effective ones with arangod's fallbacks (database: "*", then
  // _system; collection: the collection, "*" of the database, the database
  // level, _system, the "*" database; _users in _system is never readable,
  // _queues read-only, _frontend writable, other system collections follow
  // the database level).
  std::optional<AuthLevel> configured_database_level(std::string_view database) const;
  std::optional<AuthLevel> configured_collection_level(std::string_view database,
                                                       std::string_view collection) const;
  AuthLevel database_level(std::string_view database) const;
  AuthLevel collection_level(std::string_view database, std::string_view collection) const;
};

// "rw", "ro", "none"; nullopt: "undefined".
std::string_view level_string(std::optional<AuthLevel> level) noexcept;
// auth::convertToAuthLevel: "rw", "ro", "none" or ""; nullopt for anything else.
std::optional<AuthLevel> parse_level(std::string_view s) noexcept;

// Outcome of a user store operation: errorNum (0: ok) and message (empty:
// errors.tsv text).
struct UserOpResult {
  int error = 0;
  std::string message;
  bool ok() const noexcept { return error == 0; }
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

  // The in-memory server log (/_admin/log) and the log topics' levels.
  LogBuffer logs;

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
  // Username + password, or (username empty or equal to the token's user)
  // an access token as the password (UserManager::checkCredentials). The
  // authenticated user lands in `out_user`.
  bool check_credentials(std::string_view user, std::string_view password,
                         std::string& out_user) const;
  bool check_password(std::string_view user, std::string_view password) const;
  bool user_exists(std::string_view user) const;
  bool user_active(std::string_view user) const;
  std::optional<User> find_user(std::string_view user) const;
  std::vector<User> users() const;  // in creation order
  AuthLevel database_auth_level(std::string_view user, std::string_view database) const;
  AuthLevel collection_auth_level(std::string_view user, std::string_view database,
                                  std::string_view collection) const;
  // RW on _system: may create/drop databases, manage users etc.
  bool is_admin_user(std::string_view user) const;

  // RestUsersHandler's StoreUser: create (1700 empty name, 1702 duplicate),
  // replace (1703; a new user: grants and tokens are gone), update (1703;
  // only what is given; `extra_patch` is merged into extra).
  UserOpResult create_user(std::string const& name, std::string const& password, bool active,
                           std::optional<std::string> extra_json);
  UserOpResult replace_user(std::string const& name, std::string const& password, bool active,
                            std::optional<std::string> extra_json);
  UserOpResult update_user(std::string const& name, std::optional<std::string> password,
                           std::optional<bool> active, std::optional<std::string> extra_patch_json);
  UserOpResult remove_user(std::string const& name);  // 11 for root, 1703

  // auth::User::grantDatabase / grantCollection / removeDatabase /
  // removeCollection (1703 for an unknown user, 10 and 11 as arangod).
  UserOpResult grant_database(std::string const& user, std::string const& database,
                              std::optional<AuthLevel> level);
  UserOpResult grant_collection(std::string const& user, std::string const& database,
                                std::string const& collection, std::optional<AuthLevel> level);
  UserOpResult revoke_database(std::string const& user, std::string const& database);
  UserOpResult revoke_collection(std::string const& user, std::string const& database,
                                 std::string const& collection);
  // Collections::create: a (non-superuser) creator gets RW on its collection.
  void grant_creator(std::string_view user, std::string_view database, std::string_view collection);
  // Collections::drop: every user's grant on the collection goes.
  void drop_collection_grants(std::string_view database, std::string_view collection);

  // --- access tokens ---
  // `out` is the new token; 1703 unknown user, 400/10 empty name, 1207
  // duplicate name.
  UserOpResult create_access_token(std::string const& user, std::string const& name,
                                   std::int64_t valid_until, AccessToken& out);
  UserOpResult access_tokens(std::string const& user, std::vector<AccessToken>& out) const;
  UserOpResult delete_access_token(std::string const& user, std::uint64_t id);

  // --- hot backup (store_snapshot.cpp) ---
  // A copy of every database's collections (documents, indexes, key
  // generators, properties) and of the users, taken under the locks, that
  // later changes do not touch (documents are immutable and shared). Views
  // and analyzers are shared, not copied.
  struct Snapshot {
    std::vector<std::shared_ptr<Database const>> databases;
    std::map<std::string, User, std::less<>> users;
    std::uint64_t next_user_serial = 1;
    std::uint64_t collections = 0;  // over all databases
    std::uint64_t documents = 0;
    std::uint64_t bytes = 0;        // the documents' JSON size
  };
  std::shared_ptr<Snapshot const> take_snapshot() const;
  // Replaces every database and the users with fresh copies of `snap`.
  void restore_snapshot(Snapshot const& snap);

 private:
  std::shared_ptr<Database> make_database(std::string name, bool is_system,
                                          std::uint64_t id);
  User* find_locked(std::string_view user);
  bool check_token_locked(std::string_view user, std::string_view token, std::string& out_user) const;

  mutable std::shared_mutex mutex_;
  std::map<std::string, std::shared_ptr<Database>, std::less<>> databases_;
  std::map<std::string, User, std::less<>> users_;
  std::uint64_t next_user_serial_ = 1;
};

}  // namespace emu
