#include "aql/dates.hpp"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace emu::aql::dates {

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  std::int64_t const era = (y >= 0 ? y : y - 399) / 400;
  auto const yoe = static_cast<unsigned>(y - era * 400);
  unsigned const doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

namespace {

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) noexcept {
  z += 719468;
  std::int64_t const era = (z >= 0 ? z : z - 146096) / 146097;
  auto const doe = static_cast<unsigned>(z - era * 146097);
  unsigned const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  unsigned const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned const mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

}  // namespace

Civil civil_from_ms(std::int64_t ms) noexcept {
  std::int64_t days = floor_div(ms, 86400000);
  std::int64_t rem = ms - days * 86400000;
  Civil c;
  unsigned m, d;
  civil_from_days(days, c.year, m, d);
  c.month = static_cast<int>(m);
  c.day = static_cast<int>(d);
  c.hour = static_cast<int>(rem / 3600000);
  c.minute = static_cast<int>((rem / 60000) % 60);
  c.second = static_cast<int>((rem / 1000) % 60);
  c.millisecond = static_cast<int>(rem % 1000);
  return c;
}

std::int64_t ms_from_civil(Civil const& c) noexcept {
  // normalise month overflow
  std::int64_t y = c.year;
  std::int64_t mo = c.month - 1;
  y += floor_div(mo, 12);
  mo = mo - floor_div(mo, 12) * 12;
  std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo + 1), 1) + (c.day - 1);
  return days * 86400000 + static_cast<std::int64_t>(c.hour) * 3600000 +
         static_cast<std::int64_t>(c.minute) * 60000 + static_cast<std::int64_t>(c.second) * 1000 +
         c.millisecond;
}

bool is_leap(std::int64_t y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(std::int64_t year, int month) noexcept {
  static int const dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap(year)) return 29;
  return dm[(month - 1) % 12];
}

int day_of_week(std::int64_t ms) noexcept {
  std::int64_t days = floor_div(ms, 86400000);
  auto w = static_cast<int>((days + 4) % 7);  // 1970-01-01 was a Thursday
  if (w < 0) w += 7;
  return w;
}

int day_of_year(std::int64_t ms) noexcept {
  Civil c = civil_from_ms(ms);
  return static_cast<int>(days_from_civil(c.year, static_cast<unsigned>(c.month),
                                          static_cast<unsigned>(c.day)) -
                          days_from_civil(c.year, 1, 1)) + 1;
}

void iso_week(std::int64_t ms, int& week, std::int64_t& week_year) noexcept {
  Civil c = civil_from_ms(ms);
  std::int64_t days = days_from_civil(c.year, static_cast<unsigned>(c.month), static_cast<unsigned>(c.day));
  int wd = day_of_week(ms);
  int iso_wd = wd == 0 ? 7 : wd;
  // Thursday of this week decides the year
  std::int64_t thursday = days - iso_wd + 4;
  std::int64_t ty;
  unsigned tm, td;
  civil_from_days(thursday, ty, tm, td);
  week_year = ty;
  std::int64_t jan1 = days_from_civil(ty, 1, 1);
  week = static_cast<int>((thursday - jan1) / 7) + 1;
}

std::optional<std::int64_t> parse_iso(std::string_view s) {
  // trim
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  std::size_t i = 0;
  auto digits = [&](int n, int& out) {
    out = 0;
    for (int k = 0; k < n; ++k) {
      if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
      ++i;
    }
    return true;
  };
  bool neg = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
    neg = s[i] == '-';
    ++i;
  }
  int year = 0;
  if (!digits(4, year)) return std::nullopt;
  if (neg) year = -year;
  Civil c;
  c.year = year;
  if (i >= s.size()) return std::nullopt;
  if (s[i] != '-') return std::nullopt;
  ++i;
  if (!digits(2, c.month)) return std::nullopt;
  if (i < s.size() && s[i] == '-') {
    ++i;
    if (!digits(2, c.day)) return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (c.month < 1 || c.month > 12 || c.day < 1 || c.day > days_in_month(c.year, c.month)) {
    return std::nullopt;
  }
  std::int64_t offset_ms = 0;
  if (i < s.size() && (s[i] == 'T' || s[i] == ' ' || s[i] == 't')) {
    ++i;
    if (!digits(2, c.hour)) return std::nullopt;
    if (i < s.size() && s[i] == ':') {
      ++i;
      if (!digits(2, c.minute)) return std::nullopt;
      if (i < s.size() && s[i] == ':') {
        ++i;
        if (!digits(2, c.second)) return std::nullopt;
        if (i < s.size() && s[i] == '.') {
          ++i;
          int frac = 0, n = 0;
          while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            if (n < 3) frac = frac * 10 + (s[i] - '0');
            ++n;
            ++i;
          }
          if (n == 0) return std::nullopt;
          while (n < 3) {
            frac *= 10;
            ++n;
          }
          c.millisecond = frac;
        }
      }
    }
    if (c.hour > 24 || c.minute > 59 || c.second > 59) return std::nullopt;
    if (i < s.size()) {
      if (s[i] == 'Z' || s[i] == 'z') {
        ++i;
      } else if (s[i] == '+' || s[i] == '-') {
        int sign = s[i] == '-' ? -1 : 1;
        ++i;
        int oh = 0, om = 0;
        if (!digits(2, oh)) return std::nullopt;
        if (i < s.size() && s[i] == ':') ++i;
        if (i < s.size()) {
          if (!digits(2, om)) return std::nullopt;
        }
        offset_ms = sign * (static_cast<std::int64_t>(oh) * 3600000 + om * 60000);
      }
    }
  } else if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  }
  if (i != s.size()) return std::nullopt;
  return ms_from_civil(c) - offset_ms;
}

std::string format_iso(std::int64_t ms, bool utc) {
  Civil c = civil_from_ms(ms);
  char buf[64];
  if (c.year >= 0 && c.year <= 9999) {
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d.%03d%s",
                  static_cast<long long>(c.year), c.month, c.day, c.hour, c.minute, c.second,
                  c.millisecond, utc ? "Z" : "");
  } else {
    std::snprintf(buf, sizeof buf, "%+07lld-%02d-%02dT%02d:%02d:%02d.%03d%s",
                  static_cast<long long>(c.year), c.month, c.day, c.hour, c.minute, c.second,
                  c.millisecond, utc ? "Z" : "");
  }
  return buf;
}

// ---------------------------------------------------------------------------
// Time zones (TZif)
// ---------------------------------------------------------------------------

namespace {

struct TzType {
  int offset = 0;
  bool dst = false;
  std::string abbr;
};

struct TzData {
  std::vector<std::int64_t> times;  // seconds
  std::vector<int> idx;
  std::vector<TzType> types;
};

std::int64_t be(unsigned char const* p, int n) {
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | p[i];
  if (n == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
  return static_cast<std::int64_t>(v);
}

std::shared_ptr<TzData const> load_zone(std::string const& name) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<TzData const>> cache;
  std::lock_guard lock(mu);
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  std::shared_ptr<TzData> out;
  if (name.find("..") == std::string::npos && !name.empty() && name[0] != '/') {
    std::ifstream f("/usr/share/zoneinfo/" + name, std::ios::binary);
    std::vector<unsigned char> d((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    if (d.size() >= 44 && d[0] == 'T' && d[1] == 'Z' && d[2] == 'i' && d[3] == 'f') {
      auto parse = [&](std::size_t off, int tsize, std::size_t& end) -> std::shared_ptr<TzData> {
        if (off + 44 > d.size()) return nullptr;
        auto const* h = d.data() + off;
        auto isut = static_cast<std::size_t>(be(h + 20, 4));
        auto isstd = static_cast<std::size_t>(be(h + 24, 4));
        auto leap = static_cast<std::size_t>(be(h + 28, 4));
        auto timecnt = static_cast<std::size_t>(be(h + 32, 4));
        auto typecnt = static_cast<std::size_t>(be(h + 36, 4));
        auto charcnt = static_cast<std::size_t>(be(h + 40, 4));
        std::size_t p = off + 44;
        std::size_t need = timecnt * static_cast<std::size_t>(tsize) + timecnt + typecnt * 6 + charcnt +
                           leap * static_cast<std::size_t>(tsize + 4) + isstd + isut;
        if (p + need > d.size()) return nullptr;
        auto z = std::make_shared<TzData>();
        for (std::size_t k = 0; k < timecnt; ++k) z->times.push_back(be(d.data() + p + k * static_cast<std::size_t>(tsize), tsize));
        p += timecnt * static_cast<std::size_t>(tsize);
        for (std::size_t k = 0; k < timecnt; ++k) z->idx.push_back(d[p + k]);
        p += timecnt;
        std::size_t types_at = p;
        p += typecnt * 6;
        std::string chars(reinterpret_cast<char const*>(d.data() + p), charcnt);
        for (std::size_t k = 0; k < typecnt; ++k) {
          TzType t;
          t.offset = static_cast<int>(be(d.data() + types_at + k * 6, 4));
          t.dst = d[types_at + k * 6 + 4] != 0;
          std::size_t ai = d[types_at + k * 6 + 5];
          if (ai < chars.size()) t.abbr = std::string(chars.c_str() + ai);
          z->types.push_back(t);
        }
        p += charcnt + leap * static_cast<std::size_t>(tsize + 4) + isstd + isut;
        end = p;
        return z;
      };
      std::size_t end = 0;
      auto v1 = parse(0, 4, end);
      if (v1 && d[4] >= '2') {
        std::size_t end2 = 0;
        auto v2 = parse(end, 8, end2);
        out = v2 ? v2 : v1;
      } else {
        out = v1;
      }
    }
  }
  cache[name] = out;
  return out;
}

}  // namespace

bool valid_timezone(std::string const& tz) {
  if (tz == "UTC" || tz == "Etc/UTC") return true;
  return load_zone(tz) != nullptr;
}

std::optional<ZoneInfo> zone_at_utc(std::string const& tz, std::int64_t utc_ms) {
  auto z = load_zone(tz);
  if (!z) {
    if (tz == "UTC") {
      ZoneInfo zi;
      zi.name = "UTC";
      return zi;
    }
    return std::nullopt;
  }
  std::int64_t t = floor_div(utc_ms, 1000);
  ZoneInfo zi;
  if (z->types.empty()) return zi;
  // first non-dst type as the default before the first transition
  std::size_t type = 0;
  std::size_t pos = 0;
  while (pos < z->times.size() && z->times[pos] <= t) ++pos;
  if (pos == 0) {
    for (std::size_t k = 0; k < z->types.size(); ++k) {
      if (!z->types[k].dst) {
        type = k;
        break;
      }
    }
    if (!z->times.empty()) {
      zi.has_end = true;
      zi.end_ms = z->times[0] * 1000;
    }
  } else {
    type = static_cast<std::size_t>(z->idx[pos - 1]);
    zi.has_begin = true;
    zi.begin_ms = z->times[pos - 1] * 1000;
    if (pos < z->times.size()) {
      zi.has_end = true;
      zi.end_ms = z->times[pos] * 1000;
    }
  }
  auto const& ty = z->types[type];
  zi.name = ty.abbr;
  zi.dst = ty.dst;
  zi.offset = ty.offset;
  return zi;
}

std::optional<ZoneInfo> zone_for_local(std::string const& tz, std::int64_t local_ms) {
  // try the offsets around the instant (local - offset)
  auto first = zone_at_utc(tz, local_ms);
  if (!first) return std::nullopt;
  auto second = zone_at_utc(tz, local_ms - static_cast<std::int64_t>(first->offset) * 1000);
  if (!second) return first;
  auto third = zone_at_utc(tz, local_ms - static_cast<std::int64_t>(second->offset) * 1000);
  return third ? third : second;
}

// The tz database version bundled with the emulated 3.12 release (as
// recorded); the zone data itself comes from the system.
std::string tzdb_version() { return "2026a"; }

}  // namespace emu::aql::dates
