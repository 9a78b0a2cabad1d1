// /_api/transaction (RestTransactionHandler of arangod 3.12, single server):
// stream transactions begin / status / commit / abort / list, and the
// JavaScript transaction endpoint, which answers like a server started with
// --javascript.enabled false (the emulator runs no JavaScript).
#include <string>

#include "handlers.hpp"
#include "handlers_common.hpp"
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

// Legacy JavaScript transactions: V8 is disabled in the emulator.
HttpResponse javascript_transaction(RequestContext&) {
  return error_response(501, 9, "JavaScript operations are disabled");
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
