// /_api/tasks: the server's task registry (arangod's RestTasksHandler over
// Task in VocBase/Methods/Tasks.cpp).
//
// As in arangod there is one registry for the whole server, keyed by task id;
// each task remembers the database it was created in and the user who created
// it. A listing shows every task its caller may see (the superuser sees all,
// a user their own), whatever database the request names. A one-shot
// ("timed") task unregisters itself once its offset has elapsed and it has
// run; a periodic one stays until deleted or its database is dropped.
//
// A task's command runs in the JavaScript worker (js/engine.hpp) on one
// scheduler thread, with `params`, in the task's database as its creator: a
// one-shot task once after its offset (it leaves the registry when it fires),
// a periodic one every period. A command that fails is logged (topic general,
// WARNING), nothing more. Without JavaScript the command is stored and
// reported but never run (a one-shot task disappears when it would have run).
#include <chrono>
#include <condition_variable>
#include <thread>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "docstore.hpp"
#include "json.hpp"
#include "handlers.hpp"
#include "js/engine.hpp"
#include "permissions.hpp"
#include "router.hpp"
#include "store.hpp"

namespace emu {
namespace {

struct Task {
  std::string id;
  std::string name;
  std::string database;
  std::string user;           // creator ("" is the superuser)
  std::string command;        // wrapped as arangod wraps it
  std::string params;         // the body's "params" (JSON), for when commands run
  double created = 0;         // seconds since the epoch (TRI_microtime)
  bool periodic = false;
  std::int64_t offset_us = 0;    // arangod keeps milliseconds, reports seconds
  std::int64_t interval_us = 0;
  std::chrono::steady_clock::time_point due;  // when it runs next (one-shot: and goes)
  std::weak_ptr<Database> db;  // the database it runs in
};

// Bounds on what a client can make the registry hold.
constexpr std::size_t kMaxTasks = 10000;

// Never destroyed: the scheduler thread may outlive static destruction.
std::mutex& g_tasks_mutex = *new std::mutex;
std::map<std::string, Task, std::less<>>& g_tasks = *new std::map<std::string, Task, std::less<>>;
std::condition_variable& g_tasks_changed = *new std::condition_variable;

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Task::setOffset / setPeriod: seconds truncated to whole milliseconds.
std::int64_t to_us(double seconds) {
  double ms = seconds * 1000;
  if (!std::isfinite(ms) || std::fabs(ms) > 9.0e15) ms = ms < 0 ? -9.0e15 : 9.0e15;
  return static_cast<std::int64_t>(ms) * 1000;
}

// Drops one-shot tasks that have run, and tasks whose database is gone
// (Task::removeTasksForDatabase). Caller holds g_tasks_mutex.
void prune_locked(Store const& store) {
  auto now = std::chrono::steady_clock::now();
  for (auto it = g_tasks.begin(); it != g_tasks.end();) {
    // with JavaScript the scheduler runs (and removes) the one-shot tasks
    bool ran = !it->second.periodic && it->second.due <= now && !js::available();
    if (ran || store.find_database(it->second.database) == nullptr) {
      it = g_tasks.erase(it);
    } else {
      ++it;
    }
  }
}

// ::authorized in Tasks.cpp: the superuser sees every task, a user their own.
bool authorized(RequestContext const& ctx, Task const& t) {
  return AccessContext::of(ctx).superuser() || t.user == ctx.user();
}

// Task::toVelocyPack.
void write_task(JsonWriter& w, Task const& t) {
  w.begin_object().kv("id", t.id).kv("name", t.name).kv("created", t.created);
  if (t.periodic) {
    w.kv("type", "periodic").kv("period", static_cast<double>(t.interval_us) / 1e6);
  } else {
    w.kv("type", "timed");
  }
  w.kv("offset", static_cast<double>(t.offset_us) / 1e6)
      .kv("command", t.command)
      .kv("database", t.database)
      .end_object();
}

std::string task_json(Task const& t) {
  JsonWriter w;
  write_task(w, t);
  return w.str();
}

// Runs one task's command; a failure is logged.
void run_task(Task const& t) {
  auto db = t.db.lock();
  if (db == nullptr) return;
  AuthResult auth;
  auth.authenticated = true;
  auth.user = t.user;
  js::Scope scope{t.database, db, auth, "", true};
  js::Result r = js::run("task", t.command, t.params, t.name, scope);
  if (!r.ok()) {
    js::log("warn", "task '" + t.name + "' (id " + t.id + ") in database '" + t.database +
                        "' failed: " + std::to_string(r.error_num) + ": " + r.message);
  }
}

// The scheduler thread: waits for the next due task, runs it, repeats.
void scheduler_loop() {
  std::unique_lock lock(g_tasks_mutex);
  while (true) {
    if (!js::available()) {
      g_tasks_changed.wait_for(lock, std::chrono::seconds(1));
      continue;
    }
    auto next = g_tasks.end();
    for (auto it = g_tasks.begin(); it != g_tasks.end(); ++it) {
      if (next == g_tasks.end() || it->second.due < next->second.due) next = it;
    }
    if (next == g_tasks.end()) {
      g_tasks_changed.wait_for(lock, std::chrono::seconds(1));
      continue;
    }
    auto const now = std::chrono::steady_clock::now();
    if (next->second.due > now) {
      // a copy: the wait releases the lock, and a DELETE meanwhile frees the task (std::min
      // returned a reference into it, which the wait read again: a use after free under ASan)
      auto const until = std::min(next->second.due, now + std::chrono::seconds(1));
      g_tasks_changed.wait_until(lock, until);
      continue;
    }
    Task copy = next->second;
    if (next->second.periodic) {
      next->second.due = std::max(next->second.due + std::chrono::microseconds(next->second.interval_us),
                                  now + std::chrono::milliseconds(1));
    } else {
      g_tasks.erase(next);
    }
    lock.unlock();
    run_task(copy);
    lock.lock();
  }
}

void ensure_scheduler() {
  static std::once_flag once;
  std::call_once(once, [] { std::thread(scheduler_loop).detach(); });
}

HttpResponse not_found() { return error_response(404, err::kTaskNotFound); }

// GET /_api/tasks and /_api/tasks/<id>.
HttpResponse list_tasks(RequestContext& ctx) {
  std::lock_guard lock(g_tasks_mutex);
  prune_locked(ctx.svc.store);
  JsonWriter w;
  w.begin_array();
  for (auto const& [id, t] : g_tasks) {
    if (authorized(ctx, t)) write_task(w, t);
  }
  w.end_array();
  return json_response(200, w);
}

HttpResponse get_task(RequestContext& ctx) {
  std::lock_guard lock(g_tasks_mutex);
  prune_locked(ctx.svc.store);
  auto it = g_tasks.find(ctx.param("id"));
  if (it == g_tasks.end() || !authorized(ctx, it->second)) return not_found();
  return json_response(200, task_json(it->second));
}

HttpResponse superfluous(std::string_view message) {
  return error_response(400, err::kHttpSuperfluousSuffices, message);
}

// The first attribute access on a body that is not an object throws in
// velocypack; RestHandler reports it as an internal error.
HttpResponse not_an_object() {
  return error_response(500, err::kInternal,
                        "caught velocypack error in RestTasksHandler: Expecting type Object");
}

// POST /_api/tasks (generated id, or the body's "id") and PUT /_api/tasks/<id>.
HttpResponse register_task(RequestContext& ctx, std::string id) {
  auto parse = parse_body(ctx);
  if (!parse.ok && !parse.empty) return corrupted_json_response(parse);
  if (AccessContext access = AccessContext::of(ctx); !access.can_use_database(AuthLevel::RW)) {
    return error_response(403, err::kForbidden, "registering a task needs db RW permissions");
  }
  if (parse.empty || !parse.doc->IsObject()) return not_an_object();
  auto const& body = *parse.doc;
  auto string_attr = [&](char const* key, std::string fallback) {
    auto it = body.FindMember(key);
    if (it == body.MemberEnd() || !it->value.IsString()) return fallback;
    return std::string(it->value.GetString(), it->value.GetStringLength());
  };
  auto number_attr = [&](char const* key) {
    auto it = body.FindMember(key);
    return it == body.MemberEnd() || !it->value.IsNumber() ? 0.0 : it->value.GetDouble();
  };
  if (id.empty()) id = string_attr("id", std::to_string(new_tick()));
  std::string name = string_attr("name", "user-defined task");
  double offset = number_attr("offset");
  double period = 0;
  if (auto it = body.FindMember("period"); it != body.MemberEnd() && it->value.IsNumber()) {
    period = it->value.GetDouble();
    if (!(period > 0)) {
      return error_response(400, err::kBadParameter, "task period must be specified and positive");
    }
  }
  if (std::string run_as = string_attr("runAsUser", ""); !run_as.empty() && run_as != ctx.user()) {
    return error_response(403, err::kForbidden, "cannot run task as a different user");
  }
  auto cmd = body.FindMember("command");
  if (cmd == body.MemberEnd() || !cmd->value.IsString()) {
    return error_response(400, err::kBadParameter, "command must be specified");
  }
  // JSON has no functions: the command is the function body as sent.
  Task t;
  t.id = std::move(id);
  t.name = std::move(name);
  t.database = ctx.database;
  t.db = ctx.db;
  t.user = ctx.user();
  t.command = "(function (params) { " +
              std::string(cmd->value.GetString(), cmd->value.GetStringLength()) + " } )(params);";
  if (auto p = body.FindMember("params"); p != body.MemberEnd()) t.params = to_json(p->value);
  t.created = now_seconds();
  t.periodic = period > 0;
  t.offset_us = to_us(offset);
  t.interval_us = t.periodic ? to_us(period) : 0;
  // The answer shows the task as registered; Task::start() then queues it,
  // with an offset of at least one microsecond (later listings show that).
  std::string answer = task_json(t);
  if (t.offset_us <= 0) t.offset_us = 1;
  t.due = std::chrono::steady_clock::now() + std::chrono::microseconds(t.offset_us);

  std::lock_guard lock(g_tasks_mutex);
  prune_locked(ctx.svc.store);
  if (g_tasks.count(t.id) != 0) return error_response(409, err::kTaskDuplicateId);
  if (g_tasks.size() >= kMaxTasks) {
    return error_response(503, err::kResourceLimit, "too many tasks registered");
  }
  g_tasks.emplace(t.id, std::move(t));
  g_tasks_changed.notify_all();
  if (js::available()) ensure_scheduler();
  return json_response(200, std::move(answer));
}

HttpResponse post_task(RequestContext& ctx) { return register_task(ctx, {}); }

HttpResponse put_task(RequestContext& ctx) {
  std::string id = ctx.param("id");
  if (id.empty()) {
    return error_response(400, err::kBadParameter, "expected PUT /_api/tasks/<task-id>");
  }
  return register_task(ctx, std::move(id));
}

HttpResponse delete_task(RequestContext& ctx) {
  if (AccessContext access = AccessContext::of(ctx); !access.can_use_database(AuthLevel::RW)) {
    return error_response(403, err::kForbidden, "unregister task needs db RW permissions");
  }
  std::lock_guard lock(g_tasks_mutex);
  prune_locked(ctx.svc.store);
  auto it = g_tasks.find(ctx.param("id"));
  if (it == g_tasks.end() || !authorized(ctx, it->second)) return not_found();
  g_tasks.erase(it);
  return ok_merged(200, [](JsonWriter&) {});
}

}  // namespace

void register_task_handlers(Router& api) {
  api.get("/_api/tasks", list_tasks);
  api.get("/_api/tasks/:id", get_task);
  api.get("/_api/tasks/:id/*rest", [](RequestContext&) {
    return superfluous("superfluous parameter, expecting /_api/tasks[/<id>]");
  });
  api.post("/_api/tasks", post_task);
  api.post("/_api/tasks/*rest", post_task);
  api.put("/_api/tasks", [](RequestContext&) {
    return error_response(400, err::kBadParameter, "expected PUT /_api/tasks/<task-id>");
  });
  api.put("/_api/tasks/:id", put_task);
  api.put("/_api/tasks/:id/*rest", [](RequestContext&) {
    return error_response(400, err::kBadParameter, "expected PUT /_api/tasks/<task-id>");
  });
  api.del("/_api/tasks", [](RequestContext&) {
    return superfluous("bad parameter, expecting /_api/tasks/<id>");
  });
  api.del("/_api/tasks/:id", delete_task);
  api.del("/_api/tasks/:id/*rest", [](RequestContext&) {
    return superfluous("bad parameter, expecting /_api/tasks/<id>");
  });
}

}  // namespace emu
