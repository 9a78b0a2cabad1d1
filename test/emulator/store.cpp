#include "store.hpp"

#include <algorithm>
#include <mutex>

namespace emu {

std::string_view to_string(AuthLevel level) noexcept {
  switch (level) {
    case AuthLevel::RW: return "rw";
    case AuthLevel::RO: return "ro";
    case AuthLevel::None: break;
  }
  return "none";
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
  root.databases.emplace("*", AuthLevel::RW);
  root.databases.emplace(std::string(kSystemDatabase), AuthLevel::RW);
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
    if (u == nullptr || level_locked(*u, name) != AuthLevel::None) {
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
  databases_.emplace(spec.name, std::move(db));

  // Databases::grantCurrentUser: a non-superuser creator gets RW.
  if (!creator.empty()) {
    auto it = users_.find(creator);
    if (it != users_.end() && level_locked(it->second, kSystemDatabase) != AuthLevel::RW) {
      it->second.databases[spec.name] = AuthLevel::RW;
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
      it = users_.emplace(u.name, std::move(u)).first;
    }
    it->second.databases[spec.name] = AuthLevel::RW;
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

bool Store::check_password(std::string_view user, std::string_view password) const {
  std::shared_lock lock(mutex_);
  auto it = users_.find(user);
  return it != users_.end() && it->second.active && it->second.password == password;
}

bool Store::user_exists(std::string_view user) const {
  std::shared_lock lock(mutex_);
  return users_.find(user) != users_.end();
}

std::optional<User> Store::find_user(std::string_view user) const {
  std::shared_lock lock(mutex_);
  auto it = users_.find(user);
  if (it == users_.end()) {
    return std::nullopt;
  }
  return it->second;
}

AuthLevel Store::level_locked(User const& u, std::string_view database) const {
  if (!u.active) {
    return AuthLevel::None;
  }
  auto it = u.databases.find(database);
  if (it != u.databases.end()) {
    return it->second;
  }
  auto star = u.databases.find(std::string_view{"*"});
  return star != u.databases.end() ? star->second : AuthLevel::None;
}

AuthLevel Store::database_auth_level(std::string_view user, std::string_view database) const {
  std::shared_lock lock(mutex_);
  auto it = users_.find(user);
  if (it == users_.end()) {
    return AuthLevel::None;
  }
  return level_locked(it->second, database);
}

bool Store::is_admin_user(std::string_view user) const {
  return database_auth_level(user, kSystemDatabase) == AuthLevel::RW;
}

}  // namespace emu
