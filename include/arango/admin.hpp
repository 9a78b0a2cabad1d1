// Server administration and tasks: the option structs and typed results of the Database's
// administration calls (the seed's tasks, create_task, read_log_entries, shutdown_progress,
// compact, api_calls ...). Field names are the seed's parameter names; std::optional means
// "not sent: server default".
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <arango/export.hpp>
#include <arango/json.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// A server task (GET /_api/tasks/{id}). Tasks are gone in ArangoDB 4.0.
struct TaskInfo {
  std::string id{};  ///< the task's id, which get_task and delete_task take
  std::string name{};  ///< the name given at creation
  std::string type{};                ///< "periodic" or "timed"
  double created = 0;                ///< Unix time in seconds
  std::optional<double> period{};    ///< seconds between runs (periodic tasks)
  std::optional<double> offset{};    ///< seconds before the first run
  std::string command{};             ///< the JavaScript as the server stores it
  std::string database{};  ///< the database the task runs in
  Json raw{};                        ///< the whole answer
};

/// create_task's parameters besides the command.
struct CreateTaskOptions {
  /// The task's id (PUT /_api/tasks/{id}); unset: the server makes one (POST /_api/tasks).
  std::optional<std::string> task_id{};
  /// name: a label for the task; unset: not sent
  std::optional<std::string> name{};
  std::optional<double> offset{};    ///< seconds before the first run
  std::optional<Json> params{};      ///< handed to the command as `params`
  std::optional<double> period{};    ///< seconds between runs; unset: runs once
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: CreateTaskOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with task_id set.
  template <class Self = CreateTaskOptions>
  [[nodiscard]] Self with_task_id(std::string value) const { Self o = *this; o.task_id = std::move(value); return o; }
  /// A copy with name set.
  template <class Self = CreateTaskOptions>
  [[nodiscard]] Self with_name(std::string value) const { Self o = *this; o.name = std::move(value); return o; }
  /// A copy with offset set.
  template <class Self = CreateTaskOptions>
  [[nodiscard]] Self with_offset(double value) const { Self o = *this; o.offset = value; return o; }
  /// A copy with params set.
  template <class Self = CreateTaskOptions>
  [[nodiscard]] Self with_params(Json value) const { Self o = *this; o.params = std::move(value); return o; }
  /// A copy with period set.
  template <class Self = CreateTaskOptions>
  [[nodiscard]] Self with_period(double value) const { Self o = *this; o.period = value; return o; }
  //}
};

/// read_log_entries' parameters (GET /_admin/log/entries).
struct ReadLogOptions {
  /// Entries up to this level: "fatal", "error", "warning", "info", "debug", "trace" or "0".."5"
  /// (exclusive with `level`).
  std::optional<std::string> upto{};
  /// Entries of this level only (exclusive with `upto`).
  std::optional<std::string> level{};
  std::optional<std::int64_t> start{};   ///< entries whose id is at least this
  std::optional<std::int64_t> size{};    ///< at most this many
  std::optional<std::int64_t> offset{};  ///< skip this many
  std::optional<std::string> search{};   ///< only entries containing this text
  std::optional<std::string> sort{};     ///< "asc" or "desc"
  /// serverId: in a cluster, read the log of this server (through the coordinator); unset: the
  /// coordinator's own
  std::optional<std::string> server_id{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: ReadLogOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with upto set.
  template <class Self = ReadLogOptions>
  [[nodiscard]] Self with_upto(std::string value) const { Self o = *this; o.upto = std::move(value); return o; }
  /// A copy with level set.
  template <class Self = ReadLogOptions>
  [[nodiscard]] Self with_level(std::string value) const { Self o = *this; o.level = std::move(value); return o; }
  /// A copy with start set.
  template <class Self = ReadLogOptions>
  [[nodiscard]] Self with_start(std::int64_t value) const { Self o = *this; o.start = value; return o; }
  /// A copy with size set.
  template <class Self = ReadLogOptions>
  [[nodiscard]] Self with_size(std::int64_t value) const { Self o = *this; o.size = value; return o; }
  /// A copy with offset set.
  template <class Self = ReadLogOptions>
  [[nodiscard]] Self with_offset(std::int64_t value) const { Self o = *this; o.offset = value; return o; }
  /// A copy with search set.
  template <class Self = ReadLogOptions>
  [[nodiscard]] Self with_search(std::string value) const { Self o = *this; o.search = std::move(value); return o; }
  /// A copy with sort set.
  template <class Self = ReadLogOptions>
  [[nodiscard]] Self with_sort(std::string value) const { Self o = *this; o.sort = std::move(value); return o; }
  /// A copy with server_id set.
  template <class Self = ReadLogOptions>
  [[nodiscard]] Self with_server_id(std::string value) const { Self o = *this; o.server_id = std::move(value); return o; }
  //}
};

/// One log entry of GET /_admin/log/entries.
struct LogEntry {
  std::uint64_t id = 0;  ///< the entry's id (ascending; see ReadLogOptions::start)
  std::string topic{};  ///< the log topic ("general", "queries", "requests", ...)
  std::string level{};     ///< "FATAL", "ERROR", "WARNING", "INFO", "DEBUG", "TRACE"
  std::string date{};      ///< ISO 8601, UTC
  std::string message{};  ///< the message text
};

/// GET /_admin/log/entries: the number of matching entries and the page asked for.
struct LogEntries {
  std::int64_t total = 0;  ///< entries matching the filters (not only those of this page)
  std::vector<LogEntry> messages{};  ///< the entries of the page asked for
};

/// One recorded API call (GET /_admin/server/api-calls).
struct ApiCall {
  std::string time_stamp{};    ///< ISO 8601, UTC
  std::string request_type{};  ///< the HTTP method
  std::string path{};  ///< the path requested
  std::string database{};  ///< the database it was made in
};

/// The soft shutdown's progress (GET /_admin/shutdown); counters are 0 when not sent.
struct ShutdownProgress {
  bool soft_shutdown_ongoing = false;  ///< softShutdownOngoing: whether a soft shutdown is under way
  std::int64_t aql_cursors = 0;  ///< AQLcursors: AQL cursors still open
  std::int64_t transactions = 0;  ///< transactions: transactions still open
  std::int64_t pending_jobs = 0;  ///< pendingJobs: asynchronous jobs still queued or running
  std::int64_t done_jobs = 0;  ///< doneJobs: asynchronous job results not yet fetched
  std::int64_t pregel_conductors = 0;  ///< pregelConductors: Pregel jobs still running
  std::int64_t low_prio_ongoing_requests = 0;  ///< lowPrioOngoingRequests: low-priority requests being served
  std::int64_t low_prio_queued_requests = 0;  ///< lowPrioQueuedRequests: low-priority requests queued
  bool all_clear = false;  ///< allClear: nothing above is left, the server will shut down
  Json raw{};  ///< the whole answer
};

/// compact's parameters (PUT /_admin/compact).
struct CompactOptions {
  /// Move the compacted data to the lowest possible level (changeLevel).
  std::optional<bool> change_level{};
  /// Compact the bottom-most level too (compactBottomMostLevel).
  std::optional<bool> compact_bottom_most_level{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: CompactOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with change_level set.
  template <class Self = CompactOptions>
  [[nodiscard]] Self with_change_level(bool value = true) const { Self o = *this; o.change_level = value; return o; }
  /// A copy with compact_bottom_most_level set.
  template <class Self = CompactOptions>
  [[nodiscard]] Self with_compact_bottom_most_level(bool value = true) const { Self o = *this; o.compact_bottom_most_level = value; return o; }
  //}
};

/// log_levels / set_log_levels / reset_log_levels: where the request goes and its shape.
struct LogLevelOptions {
  /// serverId: in a cluster, the log levels of this server (through the coordinator); unset: the
  /// coordinator's own
  std::optional<std::string> server_id{};
  /// With appenders: the answer (and set_log_levels' body) is {"global": {...}, "appenders": {...}}.
  std::optional<bool> with_appenders{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: LogLevelOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with server_id set.
  template <class Self = LogLevelOptions>
  [[nodiscard]] Self with_server_id(std::string value) const { Self o = *this; o.server_id = std::move(value); return o; }
  /// A copy with with_appenders set.
  template <class Self = LogLevelOptions>
  [[nodiscard]] Self with_with_appenders(bool value = true) const { Self o = *this; o.with_appenders = value; return o; }
  //}
};

}  // namespace v1
}  // namespace arango
