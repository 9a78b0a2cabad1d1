#include "faults.hpp"

#include "http_types.hpp"

namespace emu {

std::optional<FaultKind> parse_fault_kind(std::string_view s) noexcept {
  if (s == "delay") return FaultKind::Delay;
  if (s == "reset") return FaultKind::Reset;
  if (s == "truncate") return FaultKind::Truncate;
  if (s == "garbage") return FaultKind::Garbage;
  if (s == "status503") return FaultKind::Status503;
  if (s == "hang") return FaultKind::Hang;
  return std::nullopt;
}

std::string_view to_string(FaultKind k) noexcept {
  switch (k) {
    case FaultKind::Delay: return "delay";
    case FaultKind::Reset: return "reset";
    case FaultKind::Truncate: return "truncate";
    case FaultKind::Garbage: return "garbage";
    case FaultKind::Status503: return "status503";
    case FaultKind::Hang: return "hang";
  }
  return "unknown";
}

std::uint64_t FaultRegistry::add(Fault f) {
  std::lock_guard lock(mutex_);
  f.id = next_id_++;
  faults_.push_back(std::move(f));
  return faults_.back().id;
}

std::size_t FaultRegistry::clear() {
  std::lock_guard lock(mutex_);
  std::size_t n = faults_.size();
  faults_.clear();
  return n;
}

std::optional<Fault> FaultRegistry::take_match(std::string_view method, std::string_view path,
                                               std::size_t listener) {
  std::lock_guard lock(mutex_);
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (!it->method.empty() && !iequals(it->method, method)) {
      continue;
    }
    if (it->listener && *it->listener != listener) {
      continue;
    }
    if (path.substr(0, it->path.size()) != it->path) {
      continue;
    }
    ++it->hits;
    Fault hit = *it;
    if (it->remaining) {
      if (--*it->remaining <= 0) {
        faults_.erase(it);
      }
    }
    return hit;
  }
  return std::nullopt;
}

std::vector<Fault> FaultRegistry::list() const {
  std::lock_guard lock(mutex_);
  return faults_;
}

}  // namespace emu
