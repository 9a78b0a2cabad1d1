// What the test-control API may ask of the transport (server.cpp), without
// depending on it: the listeners (one per --port, "coordinators" over one
// store) and the simulated extra queue time. App owns a TransportControl;
// the Server registers itself as its ListenerControl while it exists.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace emu {

struct ListenerInfo {
  std::size_t index = 0;
  std::string url;                 // "http(s)://host:port"
  std::uint16_t port = 0;
  bool running = false;
  std::uint64_t requests = 0;      // requests read on this listener so far
  std::uint64_t connections_open = 0;
};

enum class ListenerOpResult { Ok, NoSuchListener, Failed };

class ListenerControl {
 public:
  virtual ~ListenerControl() = default;
  virtual std::vector<ListenerInfo> listeners() const = 0;
  // Closes the acceptor of listener `index` and drops its open connections
  // at once (in-flight requests get no answer), except connection `keep`
  // (the one asking), which gets its answer and is closed afterwards.
  virtual ListenerOpResult stop(std::size_t index, std::uint64_t keep, std::string& message) = 0;
  // Listens again on the port the listener had.
  virtual ListenerOpResult start(std::size_t index, std::string& message) = 0;
  // Stops the whole server shortly (DELETE /_admin/shutdown), after the answers being
  // written have gone out.
  virtual void shutdown_soon() {}
};

class TransportControl {
 public:
  void set_listeners(ListenerControl* control) noexcept { listeners_.store(control); }
  ListenerControl* listeners() const noexcept { return listeners_.load(); }

  // Seconds added to every request's measured queue time (PUT /_emulator/queue-time).
  void set_extra_queue_time(double seconds) noexcept { extra_queue_time_.store(seconds); }
  double extra_queue_time() const noexcept { return extra_queue_time_.load(); }

 private:
  std::atomic<ListenerControl*> listeners_{nullptr};
  std::atomic<double> extra_queue_time_{0.0};
};

}  // namespace emu
