#include "permissions.hpp"

#include "router.hpp"

namespace emu {

AccessContext AccessContext::of(RequestContext const& ctx) {
  AccessContext a;
  a.store_ = &ctx.svc.store;
  a.database_ = ctx.database;
  a.user_ = ctx.user();
  // with authentication on, everyone but a superuser JWT has only its grants
  // (an unauthenticated caller has none)
  a.restricted_ = ctx.auth_active() && !(ctx.auth.authenticated && ctx.auth.superuser_token);
  return a;
}

AuthLevel AccessContext::database_level() const {
  if (!restricted_) return AuthLevel::RW;
  return store_->database_auth_level(user_, database_);
}

AuthLevel AccessContext::collection_level(std::string_view collection) const {
  if (!restricted_) return AuthLevel::RW;
  return store_->collection_auth_level(user_, database_, collection);
}

bool AccessContext::is_admin() const {
  if (!restricted_) return true;
  return store_->is_admin_user(user_);
}

AccessDenied AccessContext::check_collection(std::string_view collection,
                                             std::string_view mode) const {
  if (!restricted_) return {};
  AuthLevel const level = collection_level(collection);
  std::string const suffix = ": " + std::string(collection) + " [" + std::string(mode) + "]";
  if (level == AuthLevel::None) return {11, "forbidden" + suffix};
  if (level == AuthLevel::RO && mode != "read") return {1004, "read only" + suffix};
  return {};
}

}  // namespace emu
