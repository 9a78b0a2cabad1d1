// Hot backup: request builders and decoders (/_admin/backup/*, sent without /_db/<name> as the
// seed does).
#include <arango/detail/ops_backup.hpp>
#include <arango/exceptions.hpp>

#include "decode.hpp"

namespace arango {
inline namespace v1 {
namespace detail::ops {
namespace {

Request backup_request(const char* command, std::string body) {
  Request request{Method::POST, std::string("/_admin/backup/") + command};
  request.data = std::move(body);
  request.prefix_needed = false;
  return request;
}

/// The envelope's "result".
template <class Error>
Json backup_result(Response& r) {
  require_success<Error>(r);
  return body_json(r).get("result");
}

std::string id_body(const std::string& backup_id) {
  JsonBuilder b;
  b.begin_object();
  b.key("id");
  b.string(backup_id);
  b.end_object();
  return std::move(b.finish()).str();
}

std::string transfer_body(const BackupTransferOptions& o, const char* id_key) {
  JsonBuilder b;
  b.begin_object();
  if (o.transfer_id) {
    b.key(id_key);
    b.string(*o.transfer_id);
  }
  put_if(b, "id", o.backup_id);
  put_if(b, "remoteRepository", o.repository);
  put_if(b, "abort", o.abort);
  put_if(b, "config", o.config);
  b.end_object();
  return std::move(b.finish()).str();
}

}  // namespace

Operation<Json> backup_list(const std::optional<std::string>& backup_id) {
  return {backup_request("list", backup_id ? id_body(*backup_id) : std::string()),
          [](Response& r) { return backup_result<BackupGetError>(r); }};
}

Operation<BackupInfo> backup_create(const BackupCreateOptions& options) {
  JsonBuilder b;
  b.begin_object();
  put_if(b, "label", options.label);
  put_if(b, "allowInconsistent", options.allow_inconsistent);
  put_if(b, "force", options.force);
  put_if(b, "timeout", options.timeout);
  b.end_object();
  return {backup_request("create", std::move(b.finish()).str()), [](Response& r) {
            Json result = backup_result<BackupCreateError>(r);
            if (!result.is_object() || !result["id"].is_string()) {
              throw DeserializationError("backup create: no result id");
            }
            BackupInfo info;
            info.id = std::string(result["id"].as_string());
            info.datetime = std::string(result["datetime"].string_or(""));
            info.potentially_inconsistent = result["potentiallyInconsistent"].bool_or(false);
            info.size_in_bytes = result["sizeInBytes"].int64_or(0);
            info.nr_db_servers = result["nrDBServers"].int64_or(0);
            info.nr_files = result["nrFiles"].int64_or(0);
            info.raw = std::move(result);
            return info;
          }};
}

Operation<Json> backup_restore(const std::string& backup_id) {
  return {backup_request("restore", id_body(backup_id)),
          [](Response& r) { return backup_result<BackupRestoreError>(r); }};
}

Operation<void> backup_delete(const std::string& backup_id) {
  return {backup_request("delete", id_body(backup_id)),
          [](Response& r) { require_success<BackupDeleteError>(r); }};
}

Operation<Json> backup_upload(const BackupTransferOptions& options) {
  return {backup_request("upload", transfer_body(options, "uploadId")),
          [](Response& r) { return backup_result<BackupUploadError>(r); }};
}

Operation<Json> backup_download(const BackupTransferOptions& options) {
  return {backup_request("download", transfer_body(options, "downloadId")),
          [](Response& r) { return backup_result<BackupDownloadError>(r); }};
}

}  // namespace detail::ops
}  // namespace v1
}  // namespace arango
