#include "store.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <random>

#include "json.hpp"
#include "search/analyzers.hpp"

namespace emu {

std::string_view to_string(AuthLevel level) noexcept {
  switch (level) {
    case AuthLevel::RW: return "rw";
    case AuthLevel::RO: return "ro";
    case AuthLevel::None: break;
  }
  return "none";
}

std::string_view level_string(std::optional<AuthLevel> level) noexcept {
  return level ? to_string(*level) : std::string_view{"undefined"};
}

std::optional<AuthLevel> parse_level(std::string_view s) noexcept {
  if (s == "rw") return AuthLevel::RW;
  if (s == "ro") return AuthLevel::RO;
  if (s == "none" || s.empty()) return AuthLevel::None;
  return std::nullopt;
}

// ----- auth::User's level resolution ------------------------------------------

std::optional<AuthLevel> User::configured_database_level(std::string_view database) const {
  auto it = databases.find(database);
  return it == databases.end() ? std::nullopt : it->second.level;
}

std::optional<AuthLevel> User::configured_collection_level(std::string_view database,
                                                           std::string_view collection) const {
  auto it = databases.find(database);
  if (it == databases.end()) return std::nullopt;
  auto c = it->second.collections.find(collection);
  if (c == it->second.collections.end()) return std::nullopt;
  return c->second;
}

namespace {

// max() over levels where nullopt ("undefined") is below none.
std::optional<AuthLevel> best(std::optional<AuthLevel> a, std::optional<AuthLevel> b) {
  if (!a) return b;
  if (!b) return a;
  return std::max(*a, *b);
}

}  // namespace

AuthLevel User::database_level(std::string_view database) const {
  std::optional<AuthLevel> lvl = configured_database_level(database);
  if (!lvl && database != "*") {
    // the best of the "*" database and of _system
    lvl = best(lvl, configured_database_level("*"));
    if (database != kSystemDatabase) lvl = best(lvl, configured_database_level(kSystemDatabase));
  }
  return lvl.value_or(AuthLevel::None);
}

AuthLevel User::collection_level(std::string_view database, std::string_view collection) const {
  if (collection.empty() || (database == "*" && collection != "*")) return AuthLevel::None;
  bool const is_system = collection.front() == '_';
  if (is_system) {
    if (database == kSystemDatabase && collection == "_users") return AuthLevel::None;
    if (collection == "_queues") return AuthLevel::RO;
    if (collection == "_frontend") return AuthLevel::RW;
    return database_level(database);
  }
  std::optional<AuthLevel> lvl = AuthLevel::None;
  if (database != "*") {
    auto it = databases.find(database);
    if (it != databases.end()) {
      auto c = it->second.collections.find(collection);
      if (c != it->second.collections.end()) return c->second;  // a grant for the collection
      if (collection == "*") return AuthLevel::None;
      lvl = it->second.level;
      auto star = it->second.collections.find(std::string_view{"*"});
      if (star != it->second.collections.end()) lvl = best(lvl, star->second);
    }
    if (database != kSystemDatabase) lvl = best(lvl, configured_database_level(kSystemDatabase));
  }
  auto any = databases.find(std::string_view{"*"});
  if (any != databases.end()) {
    lvl = best(lvl, any->second.level);
    auto star = any->second.collections.find(std::string_view{"*"});
    if (star != any->second.collections.end()) lvl = best(lvl, star->second);
  }
  return lvl.value_or(AuthLevel::None);
}

std::vector<std::shared_ptr<Collection>> Database::collections_sorted() const {
  std::shared_lock lock(mutex);
  std::vector<std::shared_ptr<Collection>> out;
  out.reserve(collections.size());
  for (auto const& [name, c] : collections) {
    out.push_back(c);
  }
  return out;  // std::map is already ordered by name
}

std::shared_ptr<Collection> Database::find_collection_locked(std::string_view name_or_id) const {
  auto it = collections.find(name_or_id);
  if (it != collections.end()) {
    return it->second;
  }
  if (!name_or_id.empty() && name_or_id.front() >= '0' && name_or_id.front() <= '9') {
    for (auto const& [n, c] : collections) {
      if (std::to_string(c->id) == name_or_id) {
        return c;
      }
    }
  }
  return nullptr;
}

std::shared_ptr<Collection> Database::find_collection(std::string_view name_or_id) const {
  std::shared_lock lock(mutex);
  return find_collection_locked(name_or_id);
}

Store::Store(std::string root_password) {
  User root;
  root.name = "root";
  root.password = std::move(root_password);
  root.serial = next_user_serial_++;
  // UserManager::createRootUser
  for (std::string db : {std::string(kSystemDatabase), std::string("*")}) {
    auto& g = root.databases[db];
    g.level = AuthLevel::RW;
    g.collections["*"] = AuthLevel::RW;
  }
  users_.emplace(root.name, std::move(root));

  auto sys = make_database(std::string(kSystemDatabase), true, 1);
  databases_.emplace(sys->name, std::move(sys));
}

std::uint64_t Store::next_id() noexcept { return new_tick(); }

std::shared_ptr<Database> Store::make_database(std::string name, bool is_system,
                                               std::uint64_t id) {
  auto db = std::make_shared<Database>();
  db->id = id;
  db->name = std::move(name);
  db->is_system = is_system;
  db->analyzers = search::new_registry();

  // System collections of a fresh 3.12 database (the _system database has
  // four more).
  std::vector<std::string_view> names = {"_analyzers", "_appbundles", "_apps",
                                         "_aqlfunctions", "_frontend", "_graphs",
                                         "_jobs", "_queues"};
  if (is_system) {
    names.insert(names.end(), {"_statistics", "_statistics15", "_statisticsRaw", "_users"});
  }
  for (auto n : names) {
    auto c = std::make_shared<Collection>();
    c->id = next_id();
    c->object_id = next_id();
    c->name = std::string(n);
    c->is_system = true;
    c->globally_unique_id = c->name;
    db->collections.emplace(c->name, std::move(c));
  }
  return db;
}

std::shared_ptr<Database> Store::find_database(std::string_view name) const {
  std::shared_lock lock(mutex_);
  auto it = databases_.find(name);
  return it == databases_.end() ? nullptr : it->second;
}

std::vector<std::string> Store::database_names() const {
  std::shared_lock lock(mutex_);
  std::vector<std::string> out;
  out.reserve(databases_.size());
  for (auto const& [name, db] : databases_) {
    out.push_back(name);
  }
  return out;
}

std::vector<std::string> Store::database_names_for_user(std::string_view user) const {
  std::shared_lock lock(mutex_);
  std::vector<std::string> out;
  User const* u = nullptr;
  if (!user.empty()) {
    auto it = users_.find(user);
    if (it == users_.end()) {
      return out;
    }
    u = &it->second;
  }
  for (auto const& [name, db] : databases_) {
    if (u == nullptr || (u->active && u->database_level(name) != AuthLevel::None)) {
      out.push_back(name);
    }
  }
  return out;
}

Store::CreateStatus Store::create_database(DatabaseSpec spec, std::string_view creator) {
  std::unique_lock lock(mutex_);
  if (databases_.find(spec.name) != databases_.end()) {
    return CreateStatus::Duplicate;
  }
  auto db = make_database(spec.name, false, next_id());
  db->sharding = spec.sharding;
  db->replication_factor = spec.replication_factor;
  db->write_concern = spec.write_concern;
  db->system_database = databases_.find(kSystemDatabase)->second;
  databases_.emplace(spec.name, std::move(db));

  // Databases::grantCurrentUser: a non-superuser creator gets RW (on the
  // database and its collections).
  if (!creator.empty()) {
    auto it = users_.find(creator);
    if (it != users_.end() && it->second.database_level(kSystemDatabase) != AuthLevel::RW) {
      auto& g = it->second.databases[spec.name];
      g.level = AuthLevel::RW;
      g.collections["*"] = AuthLevel::RW;
    }
  }
  // Upgrade::createDB: users listed in the request are created if missing
  // (an existing user keeps its password) and get RW on the new database.
  for (auto& nu : spec.users) {
    if (nu.name.empty()) {
      continue;  // arangod silently ignores empty user names
    }
    auto it = users_.find(nu.name);
    if (it == users_.end()) {
      User u;
      u.name = nu.name;
      u.password = nu.password;
      u.active = nu.active;
      u.extra_json = nu.extra_json.value_or("{}");
      u.serial = next_user_serial_++;
      it = users_.emplace(u.name, std::move(u)).first;
    }
    auto& g = it->second.databases[spec.name];
    g.level = AuthLevel::RW;
    g.collections["*"] = AuthLevel::RW;
  }
  return CreateStatus::Ok;
}

Store::DropStatus Store::drop_database(std::string_view name) {
  if (name == kSystemDatabase) {
    return DropStatus::Forbidden;
  }
  std::shared_ptr<Database> victim;  // destroyed after the lock is released
  std::unique_lock lock(mutex_);
  auto it = databases_.find(name);
  if (it == databases_.end()) {
    return DropStatus::NotFound;
  }
  victim = std::move(it->second);
  databases_.erase(it);
  for (auto& [uname, u] : users_) {
    auto g = u.databases.find(name);
    if (g != u.databases.end()) {
      u.databases.erase(g);
    }
  }
  lock.unlock();
  return DropStatus::Ok;
}

namespace {

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string hex_encode(std::string_view in) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(in.size() * 2);
  for (unsigned char c : in) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::string hex_decode(std::string_view in) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  if (in.size() % 2 != 0) return out;
  for (std::size_t i = 0; i + 1 < in.size(); i += 2) {
    int hi = nibble(in[i]);
    int lo = nibble(in[i + 1]);
    if (hi < 0 || lo < 0) return {};
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

std::string random_chars(std::size_t n) {
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  thread_local std::mt19937_64 gen{std::random_device{}()};
  std::uniform_int_distribution<std::size_t> dist(0, sizeof(kChars) - 2);
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(kChars[dist(gen)]);
  return out;
}

// The user named by an access token ("v1." + hex of {"e","c","u","r"}).
std::optional<std::string> token_user(std::string_view token) {
  if (token.substr(0, 3) != "v1.") return std::nullopt;
  auto parsed = parse_json(hex_decode(token.substr(3)));
  if (!parsed.ok() || !parsed.doc->IsObject()) return std::nullopt;
  auto const* u = member(*parsed.doc, "u");
  if (u == nullptr || !u->IsString()) return std::nullopt;
  return std::string(u->GetString(), u->GetStringLength());
}

// The top-level attributes of `patch` replace or extend those of `base`
// (both serialised objects).
std::string merge_objects(std::string const& base, std::string const& patch) {
  auto b = parse_json(base);
  auto p = parse_json(patch);
  if (!p.ok() || !p.doc->IsObject()) return base;
  if (!b.ok() || !b.doc->IsObject()) return patch;
  JsonWriter w;
  w.begin_object();
  for (auto const& m : b.doc->GetObject()) {
    std::string_view k(m.name.GetString(), m.name.GetStringLength());
    if (member(*p.doc, k) != nullptr) continue;
    w.key(k).value(m.value);
  }
  for (auto const& m : p.doc->GetObject()) {
    w.key(std::string_view(m.name.GetString(), m.name.GetStringLength())).value(m.value);
  }
  w.end_object();
  return w.str();
}

// Extra data as arangod keeps it: only a non-empty object counts.
std::string extra_or_empty(std::optional<std::string> const& extra) {
  if (!extra) return "{}";
  auto e = parse_json(*extra);
  if (!e.ok() || !e.doc->IsObject() || e.doc->MemberCount() == 0) return "{}";
  return *extra;
}

UserOpResult op_error(int error, std::string message = {}) { return UserOpResult{error, std::move(message)}; }

}  // namespace

User* Store::find_locked(std::string_view user) {
  auto it = users_.find(user);
  return it == users_.end() ? nullptr : &it->second;
}

bool Store::check_token_locked(std::string_view user, std::string_view token,
                               std::string& out_user) const {
  auto owner = token_user(token);
  if (!owner) return false;
  if (!user.empty() && user != *owner) return false;
  auto it = users_.find(*owner);
  if (it == users_.end() || !it->second.active) return false;
  std::int64_t const now = unix_now();
  for (auto const& t : it->second.tokens) {
    if (t.token == token && t.active(now)) {
      out_user = *owner;
      return true;
    }
  }
  return false;
}

bool Store::check_credentials(std::string_view user, std::string_view password,
                              std::string& out_user) const {
  std::shared_lock lock(mutex_);
  out_user.clear();
  if (!user.empty()) {
    auto it = users_.find(user);
    if (it != users_.end() && it->second.active && it->second.password == password) {
      out_user = std::string(user);
      return true;
    }
  }
  return check_token_locked(user, password, out_user);
}

bool Store::check_password(std::string_view user, std::string_view password) const {
  std::shared_lock lock(mutex_);
  auto it = users_.find(user);
  return it != users_.end() && it->second.active && it->second.password == password;
}

bool Store::user_exists(std::string_view user) const {
  std::shared_lock lock(mutex_);
  return users_.find(user) != users_.end();
}

bool Store::user_active(std::string_view user) const {
  std::shared_lock lock(mutex_);
  auto it = users_.find(user);
  return it != users_.end() && it->second.active;
}

std::optional<User> Store::find_user(std::string_view user) const {
  std::shared_lock lock(mutex_);
  auto it = users_.find(user);
  if (it == users_.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::vector<User> Store::users() const {
  std::vector<User> out;
  {
    std::shared_lock lock(mutex_);
    for (auto const& [name, u] : users_) out.push_back(u);
  }
  std::sort(out.begin(), out.end(), [](User const& a, User const& b) { return a.serial < b.serial; });
  return out;
}

AuthLevel Store::database_auth_level(std::string_view user, std::string_view database) const {
  std::shared_lock lock(mutex_);
  auto it = users_.find(user);
  if (it == users_.end() || !it->second.active) {
    return AuthLevel::None;
  }
  return it->second.database_level(database);
}

AuthLevel Store::collection_auth_level(std::string_view user, std::string_view database,
                                       std::string_view collection) const {
  std::shared_lock lock(mutex_);
  auto it = users_.find(user);
  if (it == users_.end() || !it->second.active) {
    return AuthLevel::None;
  }
  return it->second.collection_level(database, collection);
}

bool Store::is_admin_user(std::string_view user) const {
  return database_auth_level(user, kSystemDatabase) == AuthLevel::RW;
}

UserOpResult Store::create_user(std::string const& name, std::string const& password, bool active,
                                std::optional<std::string> extra_json) {
  if (name.empty()) return op_error(1700);
  std::unique_lock lock(mutex_);
  if (users_.count(name) != 0) return op_error(1702);
  User u;
  u.name = name;
  u.password = password;
  u.active = active;
  u.extra_json = extra_or_empty(extra_json);
  u.serial = next_user_serial_++;
  users_.emplace(name, std::move(u));
  return {};
}

UserOpResult Store::replace_user(std::string const& name, std::string const& password, bool active,
                                 std::optional<std::string> extra_json) {
  if (name.empty()) return op_error(1700);
  std::unique_lock lock(mutex_);
  User* old = find_locked(name);
  if (old == nullptr) return op_error(1703);
  // UserManager::storeUser(replace): User::newUser under the old document,
  // so grants and access tokens do not survive.
  User u;
  u.name = name;
  u.password = password;
  u.active = active;
  u.extra_json = extra_or_empty(extra_json);
  u.serial = old->serial;
  u.next_token_id = old->next_token_id;
  if (name == "root") {
    // User::fromDocument: root always keeps RW on _system
    auto& g = u.databases[std::string(kSystemDatabase)];
    g.level = AuthLevel::RW;
    g.collections["*"] = AuthLevel::RW;
  }
  *old = std::move(u);
  return {};
}

UserOpResult Store::update_user(std::string const& name, std::optional<std::string> password,
                                std::optional<bool> active,
                                std::optional<std::string> extra_patch_json) {
  if (name.empty()) return op_error(1703);
  std::unique_lock lock(mutex_);
  User* u = find_locked(name);
  if (u == nullptr) return op_error(1703);
  if (password) u->password = *password;
  if (active) u->active = *active;
  if (extra_patch_json) {
    std::string patch = extra_or_empty(extra_patch_json);
    if (patch != "{}") u->extra_json = merge_objects(u->extra_json, patch);
  }
  return {};
}

UserOpResult Store::remove_user(std::string const& name) {
  if (name.empty()) return op_error(1703);
  if (name == "root") return op_error(11);
  std::unique_lock lock(mutex_);
  auto it = users_.find(name);
  if (it == users_.end()) return op_error(1703);
  users_.erase(it);
  return {};
}

UserOpResult Store::grant_database(std::string const& user, std::string const& database,
                                   std::optional<AuthLevel> level) {
  std::unique_lock lock(mutex_);
  User* u = find_locked(user);
  if (u == nullptr) return op_error(1703);
  if (database.empty() || !level) return op_error(10, "Cannot set rights for empty db name");
  if (u->name == "root" && database == kSystemDatabase && *level != AuthLevel::RW) {
    return op_error(11, "Cannot lower access level of 'root' to _system");
  }
  u->databases[database].level = *level;
  return {};
}

UserOpResult Store::grant_collection(std::string const& user, std::string const& database,
                                     std::string const& collection, std::optional<AuthLevel> level) {
  std::unique_lock lock(mutex_);
  User* u = find_locked(user);
  if (u == nullptr) return op_error(1703);
  if (database.empty() || collection.empty() || !level) {
    return op_error(10, "Cannot set rights for empty db / collection name");
  }
  if (collection.front() == '_') return op_error(10, "Cannot set rights for system collections");
  if (u->name == "root" && database == kSystemDatabase && collection == "*" &&
      *level != AuthLevel::RW) {
    return op_error(11, "Cannot lower access level of 'root' to  a system collection");
  }
  if (database == "*" && collection != "*") return op_error(10, "Invalid database / collection pair");
  // a new entry for the database keeps its level undefined
  u->databases[database].collections[collection] = *level;
  return {};
}

UserOpResult Store::revoke_database(std::string const& user, std::string const& database) {
  std::unique_lock lock(mutex_);
  User* u = find_locked(user);
  if (u == nullptr) return op_error(1703);
  if (database.empty()) return op_error(10, "Cannot remove rights for empty db name");
  if (u->name == "root" && database == kSystemDatabase) {
    return op_error(11, "Cannot remove access level of 'root' to _system");
  }
  u->databases.erase(database);
  return {};
}

UserOpResult Store::revoke_collection(std::string const& user, std::string const& database,
                                      std::string const& collection) {
  std::unique_lock lock(mutex_);
  User* u = find_locked(user);
  if (u == nullptr) return op_error(1703);
  if (database.empty() || collection.empty()) {
    return op_error(10, "Cannot set rights for empty db / collection name");
  }
  if (u->name == "root" && database == kSystemDatabase && collection == "*") {
    return op_error(11, "Cannot lower access level of 'root' to  a collection in _system");
  }
  auto it = u->databases.find(database);
  if (it != u->databases.end()) it->second.collections.erase(collection);
  return {};
}

void Store::grant_creator(std::string_view user, std::string_view database,
                          std::string_view collection) {
  if (user.empty() || collection.empty() || collection.front() == '_') return;
  std::unique_lock lock(mutex_);
  if (User* u = find_locked(user)) {
    u->databases[std::string(database)].collections[std::string(collection)] = AuthLevel::RW;
  }
}

void Store::drop_collection_grants(std::string_view database, std::string_view collection) {
  std::unique_lock lock(mutex_);
  for (auto& [name, u] : users_) {
    auto it = u.databases.find(database);
    if (it == u.databases.end()) continue;
    auto c = it->second.collections.find(collection);
    if (c != it->second.collections.end()) it->second.collections.erase(c);
  }
}

UserOpResult Store::create_access_token(std::string const& user, std::string const& name,
                                        std::int64_t valid_until, AccessToken& out) {
  std::unique_lock lock(mutex_);
  User* u = find_locked(user);
  if (u == nullptr) return op_error(1703);
  if (name.empty()) return op_error(10, "token name must not be empty");
  for (auto const& t : u->tokens) {
    if (t.name == name) return op_error(1207, "duplicate access token name '" + name + "'");
  }
  AccessToken t;
  t.id = u->next_token_id++;
  t.name = name;
  t.valid_until = valid_until;
  t.created_at = unix_now();
  JsonWriter w;
  w.begin_object()
      .kv("e", t.valid_until)
      .kv("c", t.created_at)
      .kv("u", user)
      .kv("r", random_chars(20))
      .end_object();
  std::string hex = hex_encode(w.str());
  t.token = "v1." + hex;
  t.fingerprint = "v1..." + hex.substr(hex.size() - 6);
  u->tokens.push_back(t);
  out = std::move(t);
  return {};
}

UserOpResult Store::access_tokens(std::string const& user, std::vector<AccessToken>& out) const {
  std::shared_lock lock(mutex_);
  auto it = users_.find(user);
  if (it == users_.end()) return op_error(1703);
  out = it->second.tokens;
  return {};
}

UserOpResult Store::delete_access_token(std::string const& user, std::uint64_t id) {
  std::unique_lock lock(mutex_);
  User* u = find_locked(user);
  if (u == nullptr) return op_error(1703);
  auto it = std::find_if(u->tokens.begin(), u->tokens.end(),
                         [&](AccessToken const& t) { return t.id == id; });
  if (it == u->tokens.end()) return op_error(404, "access token not found");
  u->tokens.erase(it);
  return {};
}

}  // namespace emu
