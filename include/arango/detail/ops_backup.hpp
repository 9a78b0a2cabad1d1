// Hot backup (the seed's arangoasync.backup.Backup): its options and result types, and the
// request builders + decoders (defined in lib/api/backup.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <arango/detail/operation.hpp>
#include <arango/export.hpp>
#include <arango/json.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// Backup::create's options; unset ones are not sent.
struct BackupCreateOptions {
  std::optional<std::string> label{};           ///< appended to the id; a UUID when unset
  std::optional<bool> allow_inconsistent{};     ///< allowInconsistent
  std::optional<bool> force{};                  ///< abort running transactions for the lock
  std::optional<double> timeout{};              ///< seconds to try for the global lock
};

/// What POST /_admin/backup/create answers.
struct BackupInfo {
  std::string id{};
  std::string datetime{};
  bool potentially_inconsistent = false;
  std::int64_t size_in_bytes = 0;
  std::int64_t nr_db_servers = 0;
  std::int64_t nr_files = 0;
  Json raw{};  ///< the whole "result" object
};

/// Backup::upload / download; the seed's parameters (an id and a repository schedule a
/// transfer, an upload/download id asks for its progress or, with abort, stops it).
struct BackupTransferOptions {
  std::optional<std::string> backup_id{};   ///< "id"
  std::optional<std::string> repository{};  ///< "remoteRepository", e.g. "local:///tmp/backups"
  std::optional<bool> abort{};
  std::optional<Json> config{};             ///< the rclone-style repository configuration
  std::optional<std::string> transfer_id{}; ///< "uploadId" / "downloadId"
};

namespace detail::ops {

Operation<Json> backup_list(const std::optional<std::string>& backup_id);
Operation<BackupInfo> backup_create(const BackupCreateOptions& options);
Operation<Json> backup_restore(const std::string& backup_id);
Operation<void> backup_delete(const std::string& backup_id);
Operation<Json> backup_upload(const BackupTransferOptions& options);
Operation<Json> backup_download(const BackupTransferOptions& options);

}  // namespace detail::ops
}  // namespace v1
}  // namespace arango
