#include "logbuffer.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <utility>

namespace emu {
namespace {

// lib/Logger/Topics.h (3.12, community build): name and default level.
constexpr std::pair<std::string_view, LogLevel> kTopics[] = {
    {"agency", LogLevel::Info},          {"agencycomm", LogLevel::Info},
    {"agencystore", LogLevel::Warn},     {"aql", LogLevel::Info},
    {"authentication", LogLevel::Warn},  {"authorization", LogLevel::Default},
    {"backup", LogLevel::Default},       {"cache", LogLevel::Info},
    {"cluster", LogLevel::Info},         {"communication", LogLevel::Info},
    {"config", LogLevel::Default},       {"crash", LogLevel::Default},
    {"development", LogLevel::Fatal},    {"dump", LogLevel::Info},
    {"engines", LogLevel::Info},         {"general", LogLevel::Info},
    {"flush", LogLevel::Info},           {"graphs", LogLevel::Info},
    {"heartbeat", LogLevel::Info},       {"httpclient", LogLevel::Warn},
    {"license", LogLevel::Info},         {"maintenance", LogLevel::Info},
    {"memory", LogLevel::Info},          {"queries", LogLevel::Info},
    {"replication", LogLevel::Info},     {"replication2", LogLevel::Warn},
    {"rep-state", LogLevel::Warn},       {"rep-wal", LogLevel::Warn},
    {"requests", LogLevel::Fatal},       {"restore", LogLevel::Info},
    {"rocksdb", LogLevel::Warn},         {"ssl", LogLevel::Warn},
    {"startup", LogLevel::Info},         {"supervision", LogLevel::Info},
    {"syscall", LogLevel::Info},         {"threads", LogLevel::Warn},
    {"trx", LogLevel::Warn},             {"ttl", LogLevel::Warn},
    {"validation", LogLevel::Info},      {"v8", LogLevel::Warn},
    {"views", LogLevel::Fatal},          {"deprecation", LogLevel::Info},
    {"arangosearch", LogLevel::Info},    {"libiresearch", LogLevel::Info},
};

// lib/Logger/LogStructuredParamsAllowList.h
constexpr std::string_view kStructuredAllowList[] = {
    "database", "username", "url",     "collection",  "queryid",
    "viewId",   "indexid",  "replication", "pregelid", "transactionid"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

std::string_view log_level_name(LogLevel level) noexcept {
  switch (level) {
    case LogLevel::Fatal: return "FATAL";
    case LogLevel::Error: return "ERROR";
    case LogLevel::Warn: return "WARNING";
    case LogLevel::Info: return "INFO";
    case LogLevel::Debug: return "DEBUG";
    case LogLevel::Trace: return "TRACE";
    case LogLevel::Default: return "DEFAULT";
  }
  return "UNKNOWN";
}

std::optional<LogLevel> parse_log_level(std::string_view l, bool allow_default) {
  if (l == "fatal") return LogLevel::Fatal;
  if (l == "error" || l == "err") return LogLevel::Error;
  if (l == "warning" || l == "warn") return LogLevel::Warn;
  if (l == "info") return LogLevel::Info;
  if (l == "debug") return LogLevel::Debug;
  if (l == "trace") return LogLevel::Trace;
  if (allow_default && (l.empty() || l == "default")) return LogLevel::Default;
  return std::nullopt;
}

LogBuffer::LogBuffer() {
  ring_.reserve(64);
  reset_levels();
}

bool LogBuffer::is_topic(std::string_view name) {
  return std::any_of(std::begin(kTopics), std::end(kTopics),
                     [&](auto const& t) { return t.first == name; });
}

void LogBuffer::log(LogLevel level, std::string_view topic, std::string_view message) {
  if (level == LogLevel::Default || static_cast<int>(level) > static_cast<int>(LogLevel::Info)) {
    return;
  }
  double const now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::lock_guard lock(mutex_);
  if (!is_topic(topic)) return;
  // a topic at DEFAULT follows the general level
  LogLevel effective = effective_level(topic);
  if (effective == LogLevel::Default) effective = effective_level("general");
  if (effective == LogLevel::Default) effective = LogLevel::Info;
  if (static_cast<int>(level) > static_cast<int>(effective)) return;
  LogEntry e;
  e.id = next_id_++;
  e.level = level;
  e.topic = std::string(topic);
  e.timestamp = now;
  // cut at kMaxMessage bytes, but not inside a UTF-8 sequence (the JSON answers
  // must stay valid UTF-8)
  std::size_t cut = std::min(message.size(), kMaxMessage);
  if (cut < message.size()) {
    while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;
  }
  e.message = std::string(message.substr(0, cut));
  if (ring_.size() < kCapacity) {
    ring_.push_back(std::move(e));
  } else {
    ring_[e.id % kCapacity] = std::move(e);
  }
}

std::vector<LogEntry> LogBuffer::entries(LogLevel level, std::uint64_t start, bool up_to,
                                         std::string_view search) const {
  std::string const needle = ascii_lower(search);
  std::vector<LogEntry> out;
  std::lock_guard lock(mutex_);
  std::size_t const n = ring_.size();
  // oldest first: once the ring is full, the oldest is at next_id_ % capacity
  std::size_t const first = n < kCapacity ? 0 : static_cast<std::size_t>(next_id_ % kCapacity);
  for (std::size_t i = 0; i < n; ++i) {
    LogEntry const& e = ring_[(first + i) % n];
    if (e.id < start) continue;
    if (!needle.empty() && ascii_lower(e.message).find(needle) == std::string::npos) continue;
    bool const match = up_to ? static_cast<int>(e.level) <= static_cast<int>(level) : e.level == level;
    if (match) out.push_back(e);
  }
  return out;
}

void LogBuffer::clear() {
  std::lock_guard lock(mutex_);
  ring_.clear();
  next_id_ = 0;
}

LogLevel LogBuffer::effective_level(std::string_view topic) const {
  auto const g = levels_.find(topic), a = appender_.find(topic);
  LogLevel const global = g == levels_.end() ? LogLevel::Default : g->second;
  LogLevel const own = a == appender_.end() ? LogLevel::Default : a->second;
  return static_cast<int>(own) > static_cast<int>(global) ? own : global;
}

LogBuffer::Levels LogBuffer::levels() const {
  std::lock_guard lock(mutex_);
  Levels out;
  for (auto const& [topic, level] : levels_) out.emplace(topic, effective_level(topic));
  return out;
}

LogBuffer::Levels LogBuffer::appender_levels() const {
  std::lock_guard lock(mutex_);
  return appender_;
}

void LogBuffer::set_levels(LevelUpdate const& global, LevelUpdate const* appender) {
  std::lock_guard lock(mutex_);
  auto apply = [](LevelUpdate const& u, auto&& set) {
    if (u.all) {
      for (auto const& [name, level] : kTopics) set(std::string(name), *u.all);
    }
    for (auto const& [topic, level] : u.topics) set(topic, level);
  };
  apply(global, [&](std::string const& topic, LogLevel level) {
    levels_[topic] = level;
    appender_[topic] = level;
  });
  if (appender != nullptr) {
    apply(*appender, [&](std::string const& topic, LogLevel level) { appender_[topic] = level; });
  }
}

void LogBuffer::set_level(std::string_view spec) {
  std::string const l = ascii_lower(spec);
  auto const eq = l.find('=');
  if (eq != std::string::npos && l.find('=', eq + 1) != std::string::npos) return;
  LevelUpdate u;
  if (eq == std::string::npos) {
    // a general level: unknown names mean "info" (Logger::setLogLevel)
    u.topics.emplace_back("general", parse_log_level(trim(l), false).value_or(LogLevel::Info));
  } else {
    std::string const topic(trim(std::string_view(l).substr(0, eq)));
    auto level = parse_log_level(trim(std::string_view(l).substr(eq + 1)), true);
    if (!level) return;
    if (topic == "all") {
      u.all = *level;
    } else if (is_topic(topic)) {
      u.topics.emplace_back(topic, *level);
    }
  }
  set_levels(u, nullptr);
}

void LogBuffer::reset_levels() {
  std::lock_guard lock(mutex_);
  for (auto const& [name, level] : kTopics) {
    levels_[std::string(name)] = level;
    appender_[std::string(name)] = level;
  }
}

std::vector<std::string> LogBuffer::structured_params() const {
  std::lock_guard lock(mutex_);
  return {structured_.begin(), structured_.end()};
}

void LogBuffer::set_structured_param(std::string const& name, bool on) {
  if (std::find(std::begin(kStructuredAllowList), std::end(kStructuredAllowList), name) ==
      std::end(kStructuredAllowList)) {
    return;
  }
  std::lock_guard lock(mutex_);
  if (on) structured_.insert(name);
  else structured_.erase(name);
}

}  // namespace emu
