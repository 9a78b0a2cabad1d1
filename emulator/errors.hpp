// ArangoDB error numbers, their messages and the generic errorNum -> HTTP
// status mapping (GeneralResponse::responseCode in arangod).
#pragma once

#include <string_view>

namespace emu {

// The error numbers the emulator uses by name. Messages of all of them come
// from arango::errno_message() (generated from lib/errors/errors.tsv).
namespace err {
inline constexpr int kInternal = 4;
inline constexpr int kBadParameter = 10;
inline constexpr int kForbidden = 11;
inline constexpr int kShuttingDown = 30;
inline constexpr int kHttpBadParameter = 400;
inline constexpr int kHttpUnauthorized = 401;
inline constexpr int kHttpForbidden = 403;
inline constexpr int kHttpNotFound = 404;
inline constexpr int kHttpMethodNotAllowed = 405;
inline constexpr int kHttpServiceUnavailable = 503;
inline constexpr int kHttpCorruptedJson = 600;
inline constexpr int kArangoDataSourceNotFound = 1203;
inline constexpr int kArangoDuplicateName = 1207;
inline constexpr int kArangoIllegalName = 1208;
inline constexpr int kArangoDatabaseNotFound = 1228;
inline constexpr int kArangoDatabaseNameInvalid = 1229;
inline constexpr int kArangoUseSystemDatabase = 1230;
inline constexpr int kUserNotFound = 1703;
}  // namespace err

// Message from errors.tsv ("unknown error" when the number is unknown).
std::string_view error_message(int error_num) noexcept;
// HTTP status a real server uses for this error when a handler reports it
// without an explicit status (arangod's generic map; everything else is 500).
int http_status_for_error(int error_num) noexcept;

}  // namespace emu
