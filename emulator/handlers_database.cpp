// /_api/database (RestDatabaseHandler + methods::Databases of arangod 3.12).
#include <string>
#include <vector>

#include "handlers.hpp"
#include "names.hpp"
#include "router.hpp"
#include "store.hpp"

namespace emu {
namespace {

HttpResponse list_result(std::vector<std::string> const& names) {
  return ok_result(200, [&](JsonWriter& w) {
    w.begin_array();
    for (auto const& n : names) {
      w.string(n);
    }
    w.end_array();
  });
}

HttpResponse list_databases(RequestContext& ctx) {
  if (!ctx.db->is_system) {
    return error_response(403, err::kArangoUseSystemDatabase);
  }
  return list_result(ctx.svc.store.database_names());
}

HttpResponse list_user_databases(RequestContext& ctx) {
  if (ctx.auth_active() && !ctx.auth.authenticated) {
    return error_response(403, err::kForbidden);
  }
  // With authentication off (or a superuser JWT) the user is empty: all.
  return list_result(ctx.svc.store.database_names_for_user(ctx.user()));
}

HttpResponse current_database(RequestContext& ctx) {
  // TRI_vocbase_t::toVelocyPack on a single server: id, name, isSystem and
  // path "none" (the cluster options are only added on coordinators and
  // DB-Servers).
  auto const& db = *ctx.db;
  return ok_result(200, [&](JsonWriter& w) {
    w.begin_object()
        .kv("id", std::to_string(db.id))
        .kv("name", db.name)
        .kv("isSystem", db.is_system)
        .kv("path", "none")
        .end_object();
  });
}

HttpResponse bad_suffix_get(RequestContext&) {
  // getDatabases(): an unknown single suffix leaves the builder empty.
  return error_response(400, err::kBadParameter);
}

HttpResponse too_many_suffixes(RequestContext&) {
  return error_response(400, err::kHttpBadParameter);
}

// Errors from methods::Databases::create are reported with HTTP 400 unless
// they are "forbidden" or "duplicate name" ("http_server compatibility").
HttpResponse create_error(int error_num, std::string_view message = {}) {
  if (error_num == err::kForbidden || error_num == err::kArangoDuplicateName) {
    return error_response(error_num, message);
  }
  return error_response(400, error_num, message);
}

HttpResponse create_database(RequestContext& ctx) {
  if (!ctx.db->is_system) {
    return error_response(403, err::kArangoUseSystemDatabase);
  }
  auto parsed = parse_body(ctx);
  if (!parsed.ok) {
    // parseVPackBody wrote a 400/600 error, which the handler then replaces.
    return error_response(400, err::kHttpBadParameter);
  }
  if (parsed.empty || !parsed.doc->IsObject()) {
    // body.get("name") on a non-object throws inside arangod; the handler
    // framework turns velocypack exceptions into HTTP 500 / errorNum 4.
    return error_response(500, err::kInternal, "VPack error: Expecting Object");
  }
  auto const& body = *parsed.doc;
  auto const* name_val = member(body, "name");
  if (name_val == nullptr || !name_val->IsString()) {
    return error_response(400, err::kArangoDatabaseNameInvalid);
  }
  DatabaseSpec spec;
  spec.name.assign(name_val->GetString(), name_val->GetStringLength());

  // Databases::create: only admin users may create databases.
  if (ctx.auth_active() && !ctx.user().empty() && !ctx.svc.store.is_admin_user(ctx.user())) {
    return create_error(err::kForbidden);
  }

  // CreateDatabaseInfo::extractOptions (invalid values fall back to defaults).
  if (auto const* options = member(body, "options"); options != nullptr && !options->IsNull()) {
    if (!options->IsObject()) {
      return create_error(err::kHttpBadParameter, "invalid options slice");
    }
    if (auto const* s = member(*options, "sharding"); s != nullptr && s->IsString() &&
                                                      std::string_view(s->GetString()) == "single") {
      spec.sharding = "single";
    }
    if (auto const* rf = member(*options, "replicationFactor"); rf != nullptr && rf->IsNumber()) {
      double v = rf->GetDouble();
      // 0 means "satellite", an Enterprise feature: the community edition
      // falls back to the default replication factor.
      spec.replication_factor = v >= 1 ? static_cast<std::uint32_t>(v) : 1;
    }
    if (auto const* wc = member(*options, "writeConcern"); wc != nullptr && wc->IsNumber()) {
      double v = wc->GetDouble();
      spec.write_concern = v >= 1 ? static_cast<std::uint32_t>(v) : 1;
    }
  }

  // CreateDatabaseInfo::extractUsers.
  if (auto const* users = member(body, "users"); users != nullptr && !users->IsNull()) {
    if (!users->IsArray()) {
      return create_error(err::kHttpBadParameter, "invalid users slice");
    }
    for (auto const& u : users->GetArray()) {
      if (!u.IsObject()) {
        return create_error(err::kHttpBadParameter);
      }
      NewDatabaseUser nu;
      bool user_set = false;
      for (char const* key : {"username", "user"}) {
        if (auto const* v = member(u, key)) {
          if (!v->IsString()) {
            return create_error(err::kHttpBadParameter);
          }
          nu.name.assign(v->GetString(), v->GetStringLength());
          user_set = true;
        }
      }
      if (auto const* pw = member(u, "passwd")) {
        if (!pw->IsString()) {
          return create_error(err::kHttpBadParameter);
        }
        nu.password.assign(pw->GetString(), pw->GetStringLength());
      }
      if (auto const* active = member(u, "active"); active != nullptr && active->IsBool()) {
        nu.active = active->GetBool();
      }
      if (auto const* extra = member(u, "extra"); extra != nullptr && extra->IsObject()) {
        nu.extra_json = to_json(*extra);
      }
      if (!user_set) {
        return create_error(err::kHttpBadParameter);
      }
      spec.users.push_back(std::move(nu));
    }
  }

  // CreateDatabaseInfo::checkOptions (extended names are on by default in 3.12).
  if (!is_allowed_database_name(spec.name, spec.name == kSystemDatabase)) {
    return create_error(err::kArangoDatabaseNameInvalid);
  }
  if (!looks_nfc_normalized(spec.name)) {
    return create_error(err::kArangoIllegalName,
                        "database name is not properly UTF-8 NFC-normalized");
  }

  std::string const name = spec.name;
  if (ctx.svc.store.create_database(std::move(spec), ctx.user()) ==
      Store::CreateStatus::Duplicate) {
    return create_error(err::kArangoDuplicateName, "duplicate database name '" + name + "'");
  }
  ctx.svc.store.logs.log(LogLevel::Info, "general", "created database '" + name + "'");
  return ok_result(201, [](JsonWriter& w) { w.boolean(true); });
}

HttpResponse create_with_suffix(RequestContext& ctx) {
  if (!ctx.db->is_system) {
    return error_response(403, err::kArangoUseSystemDatabase);
  }
  return error_response(400, err::kHttpBadParameter);
}

HttpResponse drop_database(RequestContext& ctx) {
  if (!ctx.db->is_system) {
    return error_response(403, err::kArangoUseSystemDatabase);
  }
  // Databases::drop needs RW on _system.
  if (ctx.auth_active() && !ctx.user().empty() && !ctx.svc.store.is_admin_user(ctx.user())) {
    return error_response(403, err::kForbidden);
  }
  switch (ctx.svc.store.drop_database(ctx.param("name"))) {
    case Store::DropStatus::Ok:
      ctx.svc.store.logs.log(LogLevel::Info, "general",
                             "dropped database '" + ctx.param("name") + "'");
      return ok_result(200, [](JsonWriter& w) { w.boolean(true); });
    case Store::DropStatus::NotFound:
      return error_response(404, err::kArangoDatabaseNotFound);
    case Store::DropStatus::Forbidden:
      // DatabaseFeature::dropDatabase refuses _system with TRI_ERROR_FORBIDDEN.
      return error_response(403, err::kForbidden);
  }
  return error_response(500, err::kInternal);
}

HttpResponse drop_bad_suffix(RequestContext& ctx) {
  if (!ctx.db->is_system) {
    return error_response(403, err::kArangoUseSystemDatabase);
  }
  return error_response(400, err::kHttpBadParameter);
}

}  // namespace

void register_database_handlers(Router& api) {
  api.get("/_api/database", list_databases);
  api.get("/_api/database/user", list_user_databases);
  api.get("/_api/database/current", current_database);
  api.get("/_api/database/:suffix", bad_suffix_get);
  api.get("/_api/database/:suffix/*rest", too_many_suffixes);
  api.post("/_api/database", create_database);
  api.post("/_api/database/*rest", create_with_suffix);
  api.del("/_api/database", drop_bad_suffix);
  api.del("/_api/database/:name", drop_database);
  api.del("/_api/database/:name/*rest", drop_bad_suffix);
}

}  // namespace emu
