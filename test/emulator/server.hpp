// HTTP/1.1 transport on Boost.Beast (the only file that includes Beast).
#pragma once

#include <cstdint>
#include <memory>

namespace emu {

class App;

class Server {
 public:
  explicit Server(App& app);
  ~Server();
  Server(Server const&) = delete;
  Server& operator=(Server const&) = delete;

  // Binds and listens on options().host / port; returns the bound port.
  // Throws std::runtime_error on failure.
  std::uint16_t bind();
  // Serves until SIGTERM/SIGINT (or stop()); runs the io_context on
  // options().threads threads, including the calling one.
  void run();
  // Thread-safe.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace emu
