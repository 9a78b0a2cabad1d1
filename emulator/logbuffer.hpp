// The emulator's in-memory log: what arangod's LogBufferFeature keeps for
// /_admin/log (a ring of the last 2,048 messages of level INFO or more
// severe, each message cut to 255 bytes), plus the log topics with their
// levels (lib/Logger/Topics.h of 3.12) and the structured-log parameters
// that /_admin/log/level and /_admin/log/structured read and change.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace emu {

// arangod's LogLevel values: DEFAULT 0, FATAL 1, ERR 2, WARN 3, INFO 4,
// DEBUG 5, TRACE 6.
enum class LogLevel : int { Default = 0, Fatal, Error, Warn, Info, Debug, Trace };

// "FATAL", "ERROR", "WARNING", "INFO", "DEBUG", "TRACE", "DEFAULT"
std::string_view log_level_name(LogLevel level) noexcept;
// Logger::translateLogLevel(string, isGeneral, out): fatal, error / err,
// warning / warn, info, debug, trace (already lower-cased); "default" only
// when `allow_default`.
std::optional<LogLevel> parse_log_level(std::string_view lowered, bool allow_default);

// ASCII lower case: log level names, the search text and the query parameters of the log
// endpoints compare without case, as arangod's do.
std::string ascii_lower(std::string_view s);

struct LogEntry {
  std::uint64_t id = 0;
  LogLevel level = LogLevel::Info;
  std::string topic;
  double timestamp = 0;  // seconds since the epoch
  std::string message;
};

class LogBuffer {
 public:
  static constexpr std::size_t kCapacity = 2048;   // LogBufferFeature::BufferSize
  static constexpr std::size_t kMaxMessage = 255;  // sizeof(LogBuffer::_message) - 1

  LogBuffer();

  // Logs `message` under `topic` (a name from the topic list) when the
  // topic's level lets it through and it is INFO or more severe
  // (--log.in-memory-level info).
  void log(LogLevel level, std::string_view topic, std::string_view message);

  // LogAppenderRingBuffer::entries: the kept entries with id >= start whose
  // message contains `search` (case-insensitive), of level `level` exactly
  // or (up_to) of `level` or more severe, oldest first.
  std::vector<LogEntry> entries(LogLevel level, std::uint64_t start, bool up_to,
                                std::string_view search) const;
  void clear();  // also restarts the ids at 0

  // The emulator's one log appender (arangod's stdout appender).
  static constexpr std::string_view kAppender = "-";

  // Topic name -> level, sorted by name: the global levels (each topic's
  // level as set globally or, when more verbose, for the appender, as
  // arangod's calculateEffectiveLogLevels reports it), or the appender's.
  using Levels = std::map<std::string, LogLevel, std::less<>>;
  Levels levels() const;
  Levels appender_levels() const;
  static bool is_topic(std::string_view name);
  // Logger::setLogLevel(string): "level" sets "general", "topic=level" one
  // topic, "all=level" every topic; unknown topics and levels are ignored.
  void set_level(std::string_view spec);
  // Logger::setLogLevel(LogLevels / AppendersLogLevelConfig), checked by the
  // caller (known topics and appender): `all` first, then the topics; a
  // global level is the appender's too.
  struct LevelUpdate {
    std::optional<LogLevel> all;
    std::vector<std::pair<std::string, LogLevel>> topics;
  };
  void set_levels(LevelUpdate const& global, LevelUpdate const* appender);
  // Every topic back to its default (DELETE /_admin/log/level).
  void reset_levels();

  // Structured-log parameters that are on (sorted), and their update: names
  // outside arangod's allow list are ignored.
  std::vector<std::string> structured_params() const;
  void set_structured_param(std::string const& name, bool on);

 private:
  LogLevel effective_level(std::string_view topic) const;  // mutex_ held

  mutable std::mutex mutex_;
  std::vector<LogEntry> ring_;
  std::uint64_t next_id_ = 0;
  Levels levels_;    // as set globally
  Levels appender_;  // the appender's
  std::set<std::string> structured_;
};

}  // namespace emu
