// Backup API (the seed's arangoasync.backup.Backup): hot backups of the whole server, their
// restore, and their transfer to and from a remote repository.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <arango/async.hpp>
#include <arango/detail/ops_backup.hpp>
#include <arango/executor.hpp>
#include <arango/export.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// Hot backups. Taking one makes no request.
template <class Executor = DefaultApiExecutor>
class Backup : public CallSettings<Backup<Executor>> {
  friend class CallSettings<Backup<Executor>>;

 public:
  /// A handle on the executor's database (nothing is sent; BasicDatabase::backup makes one).
  explicit Backup(Executor executor) : executor_(std::move(executor)) {}

  /// "default", "transaction" or "async".
  std::string_view context() const noexcept { return executor_.context(); }

  /// The backups (`{"server": ..., "list": {id: details}}`), only `backup_id`'s when set: Json.
  /// BackupGetError.
  template <class Token = UseFuture>
  auto get(std::optional<std::string> backup_id = std::nullopt, Token&& token = {}) const {
    return executor_.run(detail::ops::backup_list(backup_id), std::forward<Token>(token), "get");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// get() with backup_id left at the default: the token follows.
  template <detail::TokenSkipping<std::optional<std::string>> Token>
  auto get(Token&& token) const {
    return this->get(std::nullopt, std::forward<Token>(token));
  }
  //}
  /// Creates a backup: BackupInfo. BackupCreateError.
  template <class Token = UseFuture>
  auto create(const BackupCreateOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::backup_create(options), std::forward<Token>(token), "create");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// create() with options left at the default: the token follows.
  template <detail::TokenSkipping<const BackupCreateOptions&> Token>
  auto create(Token&& token) const {
    return this->create({}, std::forward<Token>(token));
  }
  //}
  /// Restores a local backup (`{"previous": id}`): Json. BackupRestoreError.
  template <class Token = UseFuture>
  auto restore(const std::string& backup_id, Token&& token = {}) const {
    return executor_.run(detail::ops::backup_restore(backup_id), std::forward<Token>(token), "restore");
  }
  /// Deletes a backup: void. BackupDeleteError.
  template <class Token = UseFuture>
  auto delete_(const std::string& backup_id, Token&& token = {}) const {
    return executor_.run(detail::ops::backup_delete(backup_id), std::forward<Token>(token), "delete");
  }
  /// Schedules an upload (backup_id, repository, config), or reports / aborts one (transfer_id
  /// = the upload id): Json (`{"uploadId"}` or the progress). BackupUploadError.
  template <class Token = UseFuture>
  auto upload(const BackupTransferOptions& options, Token&& token = {}) const {
    return executor_.run(detail::ops::backup_upload(options), std::forward<Token>(token), "upload");
  }
  /// As upload, the other way round: Json. BackupDownloadError.
  template <class Token = UseFuture>
  auto download(const BackupTransferOptions& options, Token&& token = {}) const {
    return executor_.run(detail::ops::backup_download(options), std::forward<Token>(token), "download");
  }

 private:
  Executor executor_;
};

}  // namespace v1
}  // namespace arango
