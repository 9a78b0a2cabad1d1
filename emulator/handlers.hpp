// Registration of the handlers per API area. Each handlers_*.cpp file adds
// its routes to a Router; App wires them up. To add an API area, write a new
// handlers_<area>.cpp with a register function and call it from app.cpp.
#pragma once

#include <optional>

namespace emu {

class JobManager;
class Router;
struct Options;
struct HttpResponse;
struct RequestContext;

void register_admin_handlers(Router& api);  // also registers the metrics handlers
void register_metrics_handlers(Router& api);
// The dispatch's administration hooks (handlers_admin.cpp), run for every API request and job:
// before the handler, the API call recording, the request counters and the read-only mode
// (a write refused: 403 with 1004, or 11 for databases and collections, as arangod answers);
// after it, the counters that depend on the answer (AQL queries, transactions).
std::optional<HttpResponse> admin_before_request(RequestContext& ctx);
void admin_after_request(RequestContext const& ctx, HttpResponse const& response, double seconds);
void register_database_handlers(Router& api);
void register_collection_handlers(Router& api);
void register_document_handlers(Router& api);
void register_index_handlers(Router& api);
void register_import_handlers(Router& api);
void register_graph_handlers(Router& api);
void register_cursor_handlers(Router& api);
// Drops the cursors idle for longer than their ttl (the periodic sweep, as
// arangod's cursor repository garbage collection; cursor calls do it too).
void expire_idle_cursors();
void register_query_handlers(Router& api);
void register_auth_handlers(Router& api, Options const& options);
void register_transaction_handlers(Router& api);
void register_job_handlers(Router& api, JobManager& jobs);
void register_user_handlers(Router& api);
void register_security_handlers(Router& api);
void register_task_handlers(Router& api);
void register_view_handlers(Router& api);
void register_analyzer_handlers(Router& api);
// Hot backup (handlers_backup.cpp), the cluster APIs (handlers_cluster.cpp),
// replication and WAL access (handlers_replication.cpp).
void register_backup_handlers(Router& api);
void register_cluster_handlers(Router& api);
void register_replication_handlers(Router& api);
// The Foxx service management API /_api/foxx (handlers_foxx.cpp), and the answer to a request to
// an installed service's mount path (arangod's page for a service that failed to load: the
// emulator does not run services), nullopt when no service is mounted there.
void register_foxx_handlers(Router& api);
std::optional<HttpResponse> foxx_route_response(RequestContext const& ctx);
// GET /_admin/server/role: SINGLE, or COORDINATOR with --cluster.
HttpResponse server_role_response(RequestContext& ctx, char const* mode);
// Test-control API under /_emulator (never requires authentication).
void register_emulator_handlers(Router& control);

}  // namespace emu
