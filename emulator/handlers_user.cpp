// /_api/user (RestUsersHandler of arangod 3.12) and /_api/token (access
// tokens, RestAccessTokenHandler of 3.12.5).
//
// Who may do what (RestUsersHandler::isAdminUser / canAccessUser): listing,
// creating and deleting users and changing permissions needs RW on _system
// (or a superuser JWT, or authentication off); reading, replacing and
// updating a user, reading its permissions and managing its access tokens is
// also allowed to the user itself.
#include <chrono>
#include <cstdint>
#include <shared_mutex>
#include <string>
#include <vector>

#include "handlers.hpp"
#include "permissions.hpp"
#include "router.hpp"
#include "store.hpp"

namespace emu {
namespace {

// ----- responses ---------------------------------------------------------------

// generateUserResult: {"user","active","extra"} + "code", "error".
HttpResponse user_response(int status, User const& u) {
  JsonWriter w;
  w.begin_object()
      .kv("user", u.name)
      .kv("active", u.active)
      .key("extra")
      .raw(u.extra_json)
      .kv("code", status)
      .kv("error", false)
      .end_object();
  return json_response(status, w);
}

HttpResponse user_op_error(UserOpResult const& r) { return error_response(r.error, r.message); }

// 403 with ERROR_HTTP_FORBIDDEN (GET requests) or ERROR_FORBIDDEN (changes),
// as RestUsersHandler picks them.
HttpResponse http_forbidden() { return error_response(403, err::kHttpForbidden); }
HttpResponse forbidden() { return error_response(403, err::kForbidden); }

HttpResponse bad_parameter() { return error_response(400, err::kBadParameter); }

// {"error":false,"code":202}
HttpResponse accepted() {
  JsonWriter w;
  w.begin_object().kv("error", false).kv("code", 202).end_object();
  return json_response(202, w);
}

std::string string_or(rapidjson::Value const* v, std::string fallback) {
  if (v != nullptr && v->IsString()) return std::string(v->GetString(), v->GetStringLength());
  return fallback;
}

std::optional<std::string> extra_of(rapidjson::Value const& body) {
  auto const* e = member(body, "extra");
  if (e == nullptr || !e->IsObject()) return std::nullopt;
  return to_json(*e);
}

// The body as RestUsersHandler reads it: parse errors are 400 / 10 (the
// handler replaces parseVPackBody's 600); no body at all is "none".
struct UserBody {
  BodyParse parse;
  bool ok() const { return parse.ok; }
  bool object() const { return parse.ok && !parse.empty && parse.doc->IsObject(); }
  rapidjson::Value const& doc() const { return *parse.doc; }
};

UserBody read_body(RequestContext const& ctx) { return UserBody{parse_body(ctx)}; }

// ----- GET -----------------------------------------------------------------------

HttpResponse list_users(RequestContext& ctx) {
  if (!AccessContext::of(ctx).is_admin()) return http_forbidden();
  auto users = ctx.svc.store.users();
  return ok_result(200, [&](JsonWriter& w) {
    w.begin_array();
    for (auto const& u : users) {
      w.begin_object().kv("user", u.name).kv("active", u.active).key("extra").raw(u.extra_json).end_object();
    }
    w.end_array();
  });
}

HttpResponse get_user(RequestContext& ctx) {
  std::string const& name = ctx.param("user");
  if (!AccessContext::of(ctx).can_access_user(name)) return http_forbidden();
  auto u = ctx.svc.store.find_user(name);
  if (!u) return error_response(err::kUserNotFound);
  return user_response(200, *u);
}

// GET /_api/user/<u>/database[?full=true] (generateDatabaseResult).
HttpResponse user_databases(RequestContext& ctx) {
  std::string const& name = ctx.param("user");
  if (!AccessContext::of(ctx).can_access_user(name)) return http_forbidden();
  auto u = ctx.svc.store.find_user(name);
  if (!u) return error_response(err::kUserNotFound);
  bool const full = ctx.query_flag("full");
  auto names = ctx.svc.store.database_names();
  return ok_result(200, [&](JsonWriter& w) {
    w.begin_object();
    for (auto const& dbname : names) {
      if (!full) {
        // databases without access are left out
        AuthLevel lvl = u->database_level(dbname);
        if (lvl >= AuthLevel::RO) w.kv(dbname, to_string(lvl));
        continue;
      }
      auto db = ctx.svc.store.find_database(dbname);
      if (!db) continue;
      w.key(dbname).begin_object();
      w.kv("permission", level_string(u->configured_database_level(dbname)));
      w.key("collections").begin_object();
      for (auto const& c : db->collections_sorted()) {
        std::string cname;
        {
          std::shared_lock lock(c->mutex);
          cname = c->name;
        }
        w.kv(cname, level_string(u->configured_collection_level(dbname, cname)));
      }
      w.kv("*", level_string(u->configured_collection_level(dbname, "*")));
      w.end_object().end_object();
    }
    if (full) {
      w.key("*").begin_object().kv("permission", to_string(u->database_level("*"))).end_object();
    }
    w.end_object();
  });
}

// GET /_api/user/<u>/database/<db>[/<collection>]: the effective level;
// "none" for an unknown user.
HttpResponse user_level(RequestContext& ctx) {
  std::string const& name = ctx.param("user");
  if (!AccessContext::of(ctx).can_access_user(name)) return http_forbidden();
  std::string const& dbname = ctx.param("db");
  AuthLevel lvl = AuthLevel::None;
  if (auto it = ctx.params.find("collection"); it != ctx.params.end()) {
    std::string cname = it->second;
    // UserManager::collectionAuthLevel: a numeric name is a collection id
    if (!cname.empty() && cname.front() >= '0' && cname.front() <= '9') {
      if (auto db = ctx.svc.store.find_database(dbname)) {
        if (auto c = db->find_collection(cname)) {
          std::shared_lock lock(c->mutex);
          cname = c->name;
        }
      }
    }
    lvl = ctx.svc.store.collection_auth_level(name, dbname, cname);
  } else {
    lvl = ctx.svc.store.database_auth_level(name, dbname);
  }
  return ok_result(200, [&](JsonWriter& w) { w.string(to_string(lvl)); });
}

HttpResponse get_other(RequestContext& ctx) {
  if (!AccessContext::of(ctx).can_access_user(ctx.param("user"))) return http_forbidden();
  return bad_parameter();
}

// ----- POST ----------------------------------------------------------------------

HttpResponse create_user(RequestContext& ctx) {
  auto body = read_body(ctx);
  if (!body.object()) {
    // generateResult(OK, none) in arangod: 200 without a body
    return empty_response(200);
  }
  if (!AccessContext::of(ctx).is_admin()) return forbidden();
  auto const& b = body.doc();
  std::string name = string_or(member(b, "user"), "");
  std::string passwd = string_or(member(b, "passwd"), "");
  auto const* a = member(b, "active");
  bool active = a != nullptr && a->IsBool() ? a->GetBool() : true;
  if (auto r = ctx.svc.store.create_user(name, passwd, active, extra_of(b)); !r.ok()) {
    return user_op_error(r);
  }
  auto u = ctx.svc.store.find_user(name);
  if (!u) return error_response(err::kUserNotFound);
  return user_response(201, *u);
}

// POST /_api/user/<u>: checks a password ({"passwd"}).
HttpResponse check_user_password(RequestContext& ctx) {
  auto body = read_body(ctx);
  if (!body.object()) return empty_response(200);
  std::string passwd = string_or(member(body.doc(), "passwd"), "");
  if (!ctx.svc.store.check_password(ctx.param("user"), passwd)) {
    return error_response(404, err::kUserNotFound);
  }
  return ok_result(200, [](JsonWriter& w) { w.boolean(true); });
}

HttpResponse post_other(RequestContext& ctx) {
  auto body = read_body(ctx);
  if (!body.object()) return empty_response(200);
  return bad_parameter();
}

// ----- PUT / PATCH -------------------------------------------------------------

HttpResponse replace_user(RequestContext& ctx) {
  auto body = read_body(ctx);
  if (!body.ok()) return bad_parameter();
  std::string const& name = ctx.param("user");
  if (!AccessContext::of(ctx).can_access_user(name)) return forbidden();
  std::string passwd;
  bool active = true;
  std::optional<std::string> extra;
  if (body.object()) {
    passwd = string_or(member(body.doc(), "passwd"), "");
    auto const* a = member(body.doc(), "active");
    active = a != nullptr && a->IsBool() ? a->GetBool() : true;
    extra = extra_of(body.doc());
  }
  if (auto r = ctx.svc.store.replace_user(name, passwd, active, extra); !r.ok()) return user_op_error(r);
  auto u = ctx.svc.store.find_user(name);
  if (!u) return error_response(err::kUserNotFound);
  return user_response(200, *u);
}

HttpResponse update_user(RequestContext& ctx) {
  auto body = read_body(ctx);
  if (!body.ok()) return bad_parameter();
  std::string const& name = ctx.param("user");
  if (!AccessContext::of(ctx).can_access_user(name)) return forbidden();
  std::optional<std::string> passwd;
  std::optional<bool> active;
  std::optional<std::string> extra;
  if (body.object()) {
    if (auto const* p = member(body.doc(), "passwd"); p != nullptr && p->IsString()) {
      passwd = std::string(p->GetString(), p->GetStringLength());
    }
    if (auto const* a = member(body.doc(), "active"); a != nullptr && a->IsBool()) active = a->GetBool();
    extra = extra_of(body.doc());
  }
  if (auto r = ctx.svc.store.update_user(name, passwd, active, extra); !r.ok()) return user_op_error(r);
  auto u = ctx.svc.store.find_user(name);
  if (!u) return error_response(err::kUserNotFound);
  return user_response(200, *u);
}

// existsCollection(): the database must exist (unless "*"), and so must the
// collection (unless "*").
std::optional<HttpResponse> check_grant_target(RequestContext& ctx, std::string const& dbname,
                                               std::string const& cname) {
  if (dbname == "*") return std::nullopt;
  auto db = ctx.svc.store.find_database(dbname);
  if (!db) return error_response(404, err::kArangoDatabaseNotFound);
  if (cname == "*") return std::nullopt;
  if (!db->find_collection(cname)) return error_response(404, err::kArangoDataSourceNotFound);
  return std::nullopt;
}

// PUT /_api/user/<u>/database/<db>[/<collection>] {"grant": "rw"|"ro"|"none"}
HttpResponse grant(RequestContext& ctx) {
  auto body = read_body(ctx);
  if (!body.ok()) return bad_parameter();
  if (!AccessContext::of(ctx).is_admin()) return forbidden();
  std::string const& name = ctx.param("user");
  std::string const& dbname = ctx.param("db");
  auto cit = ctx.params.find("collection");
  bool const for_collection = cit != ctx.params.end();
  std::string const cname = for_collection ? cit->second : std::string();
  if (for_collection) {
    if (auto e = check_grant_target(ctx, dbname, cname)) return *e;
  }
  auto const* g = body.object() ? member(body.doc(), "grant") : nullptr;
  if (g == nullptr || !g->IsString()) return bad_parameter();
  std::optional<AuthLevel> lvl = parse_level(std::string_view(g->GetString(), g->GetStringLength()));
  UserOpResult r = for_collection ? ctx.svc.store.grant_collection(name, dbname, cname, lvl)
                                  : ctx.svc.store.grant_database(name, dbname, lvl);
  if (!r.ok()) return user_op_error(r);
  JsonWriter w;
  w.begin_object()
      .kv(for_collection ? dbname + "/" + cname : dbname, level_string(lvl))
      .kv("code", 200)
      .kv("error", false)
      .end_object();
  return json_response(200, w);
}

HttpResponse put_other(RequestContext& ctx) {
  auto body = read_body(ctx);
  if (!body.ok()) return bad_parameter();
  return bad_parameter();
}

// ----- DELETE --------------------------------------------------------------------

HttpResponse delete_user(RequestContext& ctx) {
  if (!AccessContext::of(ctx).is_admin()) return forbidden();
  if (auto r = ctx.svc.store.remove_user(ctx.param("user")); !r.ok()) return user_op_error(r);
  return accepted();
}

// DELETE /_api/user/<u>/database/<db>[/<collection>]: back to the default.
HttpResponse revoke(RequestContext& ctx) {
  if (!AccessContext::of(ctx).is_admin()) return forbidden();
  std::string const& name = ctx.param("user");
  std::string const& dbname = ctx.param("db");
  auto cit = ctx.params.find("collection");
  UserOpResult r;
  if (cit != ctx.params.end()) {
    if (auto e = check_grant_target(ctx, dbname, cit->second)) return *e;
    r = ctx.svc.store.revoke_collection(name, dbname, cit->second);
  } else {
    r = ctx.svc.store.revoke_database(name, dbname);
  }
  if (!r.ok()) return user_op_error(r);
  return accepted();
}

HttpResponse delete_other(RequestContext&) { return bad_parameter(); }

// ----- /_api/token ---------------------------------------------------------------

void write_token(JsonWriter& w, AccessToken const& t, std::int64_t now, bool with_token) {
  w.begin_object()
      .kv("id", t.id)
      .kv("name", t.name)
      .kv("valid_until", t.valid_until)
      .kv("created_at", t.created_at)
      .kv("fingerprint", t.fingerprint)
      .kv("active", t.active(now));
  if (with_token) w.kv("token", t.token);
  w.end_object();
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

HttpResponse list_tokens(RequestContext& ctx) {
  std::string const& name = ctx.param("user");
  if (!AccessContext::of(ctx).can_access_user(name)) return http_forbidden();
  std::vector<AccessToken> tokens;
  if (auto r = ctx.svc.store.access_tokens(name, tokens); !r.ok()) return user_op_error(r);
  std::int64_t const now = unix_now();
  JsonWriter w;
  w.begin_object().key("tokens").begin_array();
  for (auto const& t : tokens) write_token(w, t, now, false);
  w.end_array().end_object();
  return json_response(200, w);
}

HttpResponse create_token(RequestContext& ctx) {
  std::string const& name = ctx.param("user");
  if (!AccessContext::of(ctx).can_access_user(name)) return http_forbidden();
  auto body = read_body(ctx);
  if (!body.object()) return bad_parameter();
  std::string token_name = string_or(member(body.doc(), "name"), "");
  std::int64_t valid_until = 0;
  if (auto const* v = member(body.doc(), "valid_until"); v != nullptr && v->IsNumber()) {
    valid_until = static_cast<std::int64_t>(v->GetDouble());
  }
  AccessToken t;
  if (auto r = ctx.svc.store.create_access_token(name, token_name, valid_until, t); !r.ok()) {
    return user_op_error(r);
  }
  JsonWriter w;
  write_token(w, t, unix_now(), true);
  return json_response(200, w);
}

HttpResponse delete_token(RequestContext& ctx) {
  std::string const& name = ctx.param("user");
  if (!AccessContext::of(ctx).can_access_user(name)) return http_forbidden();
  // StringUtils::uint64: digits up to the first other character, else 0
  std::uint64_t id = 0;
  for (char ch : ctx.param("id")) {
    if (ch < '0' || ch > '9') break;
    id = id * 10 + static_cast<std::uint64_t>(ch - '0');
  }
  if (auto r = ctx.svc.store.delete_access_token(name, id); !r.ok()) return user_op_error(r);
  return empty_response(200);
}

HttpResponse token_user_missing(RequestContext&) {
  return error_response(400, err::kHttpBadParameter, "path parameter 'user' is missing");
}

HttpResponse token_id_missing(RequestContext& ctx) {
  if (!AccessContext::of(ctx).can_access_user(ctx.param("user"))) return http_forbidden();
  return error_response(400, err::kHttpBadParameter, "path parameter 'id' is missing");
}

}  // namespace

void register_user_handlers(Router& api) {
  api.get("/_api/user", list_users);
  api.get("/_api/user/:user", get_user);
  api.get("/_api/user/:user/database", user_databases);
  api.get("/_api/user/:user/database/:db", user_level);
  api.get("/_api/user/:user/database/:db/:collection", user_level);
  api.get("/_api/user/:user/*rest", get_other);
  api.post("/_api/user", create_user);
  api.post("/_api/user/:user", check_user_password);
  api.post("/_api/user/:user/*rest", post_other);
  api.put("/_api/user", put_other);
  api.put("/_api/user/:user", replace_user);
  api.put("/_api/user/:user/database/:db", grant);
  api.put("/_api/user/:user/database/:db/:collection", grant);
  api.put("/_api/user/:user/*rest", put_other);
  api.patch("/_api/user", put_other);
  api.patch("/_api/user/:user", update_user);
  api.patch("/_api/user/:user/*rest", put_other);
  api.del("/_api/user", delete_other);
  api.del("/_api/user/:user", delete_user);
  api.del("/_api/user/:user/database/:db", revoke);
  api.del("/_api/user/:user/database/:db/:collection", revoke);
  api.del("/_api/user/:user/*rest", delete_other);

  api.get("/_api/token", token_user_missing);
  api.post("/_api/token", token_user_missing);
  api.del("/_api/token", token_user_missing);
  api.get("/_api/token/:user", list_tokens);
  api.post("/_api/token/:user", create_token);
  api.del("/_api/token/:user", token_id_missing);
  api.del("/_api/token/:user/:id", delete_token);
}

}  // namespace emu
