// Who is asking and what they may do: arangod's ExecContext for one request.
//
// Every permission check of the handlers goes through an AccessContext, so
// the rules live in one place:
//
// * The transaction layer (TransactionState::checkCollectionPermission):
//   using a collection needs "ro" on it; writing needs "rw". DocTarget
//   (documents, import, count, truncate) and the AQL engine ask
//   check_collection(); the answers are 403 with 11 "forbidden: c [read]" or
//   1004 "read only: c [write]".
// * The collection and index methods (methods::Collections, Indexes) ask
//   can_use_database() / can_use_collection() and answer 403 / 11 with their
//   own messages.
// * The user API asks is_admin() (RW on _system) and can_access_user().
//
// Nothing is restricted when authentication is off or the caller presents a
// superuser JWT (arangod's superuser ExecContext).
#pragma once

#include <string>
#include <string_view>

#include "store.hpp"

namespace emu {

struct RequestContext;

// A refused access: errorNum (0: allowed) and message.
struct AccessDenied {
  int error = 0;
  std::string message;
  explicit operator bool() const noexcept { return error != 0; }
};

class AccessContext {
 public:
  // Everything allowed (auth off, internal work).
  AccessContext() = default;
  static AccessContext of(RequestContext const& ctx);

  // A real user whose grants count (auth on, not a superuser JWT).
  bool restricted() const noexcept { return restricted_; }
  // A superuser JWT, or authentication off.
  bool superuser() const noexcept { return !restricted_; }
  std::string const& user() const noexcept { return user_; }
  std::string const& database() const noexcept { return database_; }

  AuthLevel database_level() const;
  AuthLevel collection_level(std::string_view collection) const;
  bool can_use_database(AuthLevel needed) const { return database_level() >= needed; }
  bool can_use_collection(std::string_view collection, AuthLevel needed) const {
    return collection_level(collection) >= needed;
  }
  // ExecContext::isAdminUser: RW on _system.
  bool is_admin() const;
  // RestUsersHandler::canAccessUser: oneself, or an admin.
  bool can_access_user(std::string_view name) const { return name == user_ || is_admin(); }

  // TransactionState::checkCollectionPermission for `collection` used in
  // `mode` ("read", "write" or "exclusive").
  AccessDenied check_collection(std::string_view collection, std::string_view mode) const;

 private:
  Store const* store_ = nullptr;
  std::string user_;
  std::string database_;
  bool restricted_ = false;
};

}  // namespace emu
