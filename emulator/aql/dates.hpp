// Date helpers for the AQL DATE_* functions: ISO 8601 parsing/formatting,
// civil calendar arithmetic and time zones (read from the system's TZif
// files in /usr/share/zoneinfo).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace emu::aql::dates {

struct Civil {
  std::int64_t year = 1970;
  int month = 1, day = 1, hour = 0, minute = 0, second = 0, millisecond = 0;
};

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept;
Civil civil_from_ms(std::int64_t ms) noexcept;
std::int64_t ms_from_civil(Civil const& c) noexcept;

// Parses an ISO 8601 date string as arangod does ("2020-08-29",
// "2020-08-29T16:30:05.123Z", "+02:00" offsets, a space instead of 'T').
std::optional<std::int64_t> parse_iso(std::string_view s);
// "2020-08-29T16:30:05.123Z" (no Z when `utc` is false)
std::string format_iso(std::int64_t ms, bool utc = true);

int days_in_month(std::int64_t year, int month) noexcept;
bool is_leap(std::int64_t year) noexcept;
int day_of_week(std::int64_t ms) noexcept;  // 0 = Sunday
int day_of_year(std::int64_t ms) noexcept;
void iso_week(std::int64_t ms, int& week, std::int64_t& week_year) noexcept;

// Time zones.
struct ZoneInfo {
  std::string name;            // abbreviation ("CET")
  std::int64_t begin_ms = 0;   // transition that started this period
  bool has_begin = false;
  std::int64_t end_ms = 0;
  bool has_end = false;
  bool dst = false;
  int offset = 0;              // seconds east of UTC
};
bool valid_timezone(std::string const& tz);
// Offset in effect at the UTC instant.
std::optional<ZoneInfo> zone_at_utc(std::string const& tz, std::int64_t utc_ms);
// UTC instant for a local wall-clock time.
std::optional<ZoneInfo> zone_for_local(std::string const& tz, std::int64_t local_ms);
std::string tzdb_version();

}  // namespace emu::aql::dates
