#include "admin_state.hpp"

#include <chrono>

namespace emu {

void ApiCallLog::record(std::string_view method, std::string_view path, std::string_view database) {
  ApiCallRecord r;
  r.time = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  r.method = std::string(method);
  r.path = std::string(path.substr(0, kMaxPath));
  r.database = std::string(database);
  std::lock_guard lock(mutex_);
  calls_.push_front(std::move(r));
  if (calls_.size() > kMaxCalls) calls_.pop_back();
}

std::vector<ApiCallRecord> ApiCallLog::calls() const {
  std::lock_guard lock(mutex_);
  return {calls_.begin(), calls_.end()};
}

MethodSlot method_slot(std::string_view method) noexcept {
  if (method == "GET") return MethodSlot::Get;
  if (method == "POST") return MethodSlot::Post;
  if (method == "PUT") return MethodSlot::Put;
  if (method == "PATCH") return MethodSlot::Patch;
  if (method == "DELETE") return MethodSlot::Delete;
  if (method == "HEAD") return MethodSlot::Head;
  if (method == "OPTIONS") return MethodSlot::Options;
  return MethodSlot::Other;
}

}  // namespace emu
