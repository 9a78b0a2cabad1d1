// /_api/transaction (RestTransactionHandler of arangod 3.12, single server):
// stream transactions begin / status / commit / abort / list, and JavaScript
// transactions (executeTransactionJS in arangod's V8Server/v8-transactions),
// run by js/engine.hpp inside a stream transaction of the emulator: the
// script's db calls carry its id, a throw aborts it, a return commits it.
#include <string>

#include "handlers.hpp"
#include "handlers_common.hpp"
#include "js/engine.hpp"
#include "permissions.hpp"
#include "router.hpp"
#include "transactions.hpp"

namespace emu {
namespace {

// StringUtils::uint64: leading digits, 0 when there are none.
std::uint64_t parse_id(std::string const& s) {
  std::uint64_t v = 0;
  for (char ch : s) {
    if (ch < '0' || ch > '9') break;
    v = v * 10 + static_cast<std::uint64_t>(ch - '0');
  }
  return v;
}

// generateTransactionResult: {"code","error","result":{"id","status"}}.
HttpResponse trx_result(int status, std::uint64_t id, std::string_view state) {
  JsonWriter w;
  w.begin_object()
      .kv("code", status)
      .kv("error", false)
      .key("result")
      .begin_object()
      .kv("id", std::to_string(id))
      .kv("status", state)
      .end_object()
      .end_object();
  return json_response(status, w);
}

HttpResponse begin(RequestContext& ctx) {
  auto parsed = parse_body(ctx);
  if (!parsed.ok) return corrupted_json_response(parsed);
  if (ctx.header("x-arango-trx-id") != nullptr) {
    return error_response(400, 10, "unexpected transaction ID received in begin transaction request");
  }
  std::uint64_t id = 0;
  auto e = TransactionManager::instance().begin(ctx.db, ctx.database, AccessContext::of(ctx),
                                                parsed.empty ? nullptr : parsed.doc.get(), id);
  if (e.failed()) return trx_error_response(e);
  return trx_result(201, id, "running");
}

HttpResponse post_bad(RequestContext&) { return error_response(400, 10); }

// Writes the begin body of the stream transaction a JS transaction runs in, checking the
// request as executeTransactionJS does (its messages). Empty on success.
std::string js_transaction_begin_body(rapidjson::Value const& body, JsonWriter& w) {
  auto const* lock_timeout = member(body, "lockTimeout");
  if (lock_timeout != nullptr && !lock_timeout->IsNumber()) {
    return "<lockTimeout> must be a valid numeric value";
  }
  auto const* wait_for_sync = member(body, "waitForSync");
  if (wait_for_sync != nullptr && !wait_for_sync->IsBool()) {
    return "<waitForSync> must be a boolean value";
  }
  if (lock_timeout != nullptr && lock_timeout->GetDouble() < 0) {
    return "<lockTimeout> needs to be positive";
  }
  auto const* collections = member(body, "collections");
  if (collections == nullptr || !collections->IsObject()) {
    return "missing/invalid collections definition for transaction";
  }
  w.begin_object().key("collections").begin_object();
  for (char const* attr : {"read", "write", "exclusive"}) {
    auto const* v = member(*collections, attr);
    if (v == nullptr) continue;
    if (v->IsArray()) {
      for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
        if (!(*v)[i].IsString()) {
          return "invalid collection definition for transaction:  Collection name #" +
                 std::to_string(i) + " in array '" + attr + "' is not a string";
        }
      }
    } else if (!v->IsString()) {
      return std::string("invalid collection definition for transaction:  There is no array in '") +
             attr + "'";
    }
    w.key(attr).value(*v);
  }
  w.end_object();
  if (auto const* v = member(*collections, "allowImplicit")) {
    // TRI_ObjectToBoolean
    bool allow = v->IsBool()     ? v->GetBool()
                 : v->IsNumber() ? v->GetDouble() != 0
                 : v->IsString() ? v->GetStringLength() > 0
                                 : !v->IsNull();
    w.kv("allowImplicit", allow);
  }
  if (lock_timeout != nullptr) w.key("lockTimeout").number(lock_timeout->GetDouble());
  if (wait_for_sync != nullptr) w.kv("waitForSync", wait_for_sync->GetBool());
  if (auto const* v = member(body, "maxTransactionSize"); v != nullptr && v->IsNumber()) {
    w.key("maxTransactionSize").number(v->GetDouble());
  }
  w.end_object();
  if (member(body, "action") == nullptr) return "missing/invalid action definition for transaction";
  return {};
}

// POST /_api/transaction: RestTransactionHandler::executeJSTransaction.
HttpResponse javascript_transaction(RequestContext& ctx) {
  if (!js::available()) {
    return error_response(501, err::kNotImplemented, "JavaScript operations are disabled");
  }
  // executeJSTransaction reads _request->payload() unguarded
  auto parsed = parse_body(ctx);
  if (!parsed.ok) return unguarded_payload_response(parsed);
  if (parsed.empty || !parsed.doc->IsObject()) {
    return error_response(err::kBadParameter, "expecting object input data");
  }
  auto const& body = *parsed.doc;
  JsonWriter begin_body;
  if (std::string e = js_transaction_begin_body(body, begin_body); !e.empty()) {
    return error_response(err::kBadParameter, e);
  }
  auto const* action = member(body, "action");
  if (!action->IsString()) {
    return error_response(err::kBadParameter, "missing/invalid action definition for transaction");
  }
  auto begin_doc = parse_json(begin_body.str());
  std::uint64_t id = 0;
  auto& manager = TransactionManager::instance();
  if (auto e = manager.begin(ctx.db, ctx.database, AccessContext::of(ctx), begin_doc.doc.get(), id);
      e.failed()) {
    return trx_error_response(e);
  }
  manager.pin(id);  // not a stream transaction: no idle timeout while the script runs
  js::Scope scope{ctx.database, ctx.db, ctx.auth, std::to_string(id), true};
  std::string params;
  if (auto const* p = member(body, "params")) params = to_json(*p);
  js::Result r = js::run("transaction",
                         std::string_view(action->GetString(), action->GetStringLength()), params,
                         "", scope);
  if (!r.ok()) {
    manager.finish(id, ctx.database, ctx.user(), false);
    return error_response(r.error_num, r.message);
  }
  if (auto e = manager.finish(id, ctx.database, ctx.user(), true); e.failed()) {
    return trx_error_response(e);
  }
  JsonWriter w;
  w.begin_object().kv("error", false).kv("code", 200).key("result");
  if (r.result_json.empty()) {
    w.null();
  } else {
    w.raw(r.result_json);
  }
  w.end_object();
  return json_response(200, w);
}

// POST /_admin/execute (RestAdminExecuteHandler): the body is the source of a function,
// run without arguments; its return value is the answer. arangod registers the handler only
// with --javascript.allow-admin-execute true: otherwise the path goes to the JavaScript
// routing, which knows no such route.
HttpResponse admin_execute(RequestContext& ctx) {
  if (!js::available() || !js::config().allow_admin_execute) return unknown_path(ctx);
  if (ctx.body().empty()) {
    JsonWriter w;
    w.begin_object().kv("error", false).kv("code", 200).end_object();
    return json_response(200, w);
  }
  js::Scope scope{ctx.database, ctx.db, ctx.auth, "", true};
  js::Result r = js::run("execute", ctx.body(), "", "", scope);
  if (r.kind == js::Result::Kind::Failed) return error_response(r.error_num, r.message);
  if (!r.ok()) {
    // the exception's stack trace as text/plain, status 500
    HttpResponse res;
    res.status = 500;
    res.content_type = "text/plain; charset=utf-8";
    res.body = r.stack.empty() ? r.message : r.stack;
    return res;
  }
  return json_response(200, r.result_json.empty() ? std::string("null") : r.result_json);
}

HttpResponse list(RequestContext& ctx) {
  auto trxs = TransactionManager::instance().list(ctx.database, ctx.user());
  JsonWriter w;
  w.begin_object().key("transactions").begin_array();
  for (auto const& [id, state] : trxs) {
    w.begin_object().kv("id", std::to_string(id)).kv("state", state).end_object();
  }
  w.end_array().end_object();
  return json_response(200, w);
}

HttpResponse get_status(RequestContext& ctx) {
  std::uint64_t id = parse_id(ctx.param("id"));
  if (id == 0) return error_response(400, 10, "Illegal transaction ID");
  auto s = TransactionManager::instance().status(id, ctx.database, ctx.user());
  if (!s) return error_response(404, 1655);
  return trx_result(200, id, *s);
}

HttpResponse get_bad(RequestContext&) {
  return error_response(400, 10, "expecting GET /_api/transaction/<transaction-ID>");
}

HttpResponse finish(RequestContext& ctx, bool commit) {
  std::uint64_t id = parse_id(ctx.param("id"));
  if (id == 0) return error_response(400, 10, "bad transaction ID");
  auto e = TransactionManager::instance().finish(id, ctx.database, ctx.user(), commit);
  if (e.failed()) return trx_error_response(e);
  return trx_result(200, id, commit ? "committed" : "aborted");
}

HttpResponse commit(RequestContext& ctx) { return finish(ctx, true); }

HttpResponse abort(RequestContext& ctx) {
  if (ctx.param("id") == "write") {
    TransactionManager::instance().abort_write_transactions(ctx.user());
    return ok_result(200, [](JsonWriter& w) { w.begin_object().end_object(); });
  }
  return finish(ctx, false);
}

HttpResponse bad_suffixes(RequestContext&) { return error_response(400, 10); }

}  // namespace

void register_transaction_handlers(Router& api) {
  api.post("/_api/transaction", javascript_transaction);
  api.post("/_admin/execute", admin_execute);
  api.post("/_api/transaction/begin", begin);
  api.post("/_api/transaction/:id", post_bad);
  api.post("/_api/transaction/:id/*rest", post_bad);
  api.get("/_api/transaction", list);
  api.get("/_api/transaction/:id", get_status);
  api.get("/_api/transaction/:id/*rest", get_bad);
  api.put("/_api/transaction", bad_suffixes);
  api.put("/_api/transaction/:id", commit);
  api.put("/_api/transaction/:id/*rest", bad_suffixes);
  api.del("/_api/transaction", bad_suffixes);
  api.del("/_api/transaction/:id", abort);
  api.del("/_api/transaction/:id/*rest", bad_suffixes);
}

}  // namespace emu
