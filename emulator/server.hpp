// HTTP/1.1 transport on Boost.Beast (the only file that includes Beast):
// one listener per --port, all serving the one App (coordinators of a
// cluster over one store), plain or TLS.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace emu {

class App;

class Server {
 public:
  // Loads the TLS certificate and key when options() has them; throws
  // std::runtime_error if that fails.
  explicit Server(App& app);
  ~Server();
  Server(Server const&) = delete;
  Server& operator=(Server const&) = delete;

  // Binds and listens on options().host and each of options().ports;
  // returns the listeners' URLs ("http(s)://host:port", real ports) in that
  // order. Throws std::runtime_error on failure.
  std::vector<std::string> bind();
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
