// <arango/testing/emulator.hpp>: an in-memory ArangoDB for a test, started the way a test
// starts a container, and stopped when it goes out of scope.
//
//   arango::testing::Emulator emu;                 // arango-emulator on a free loopback port
//   arango::ArangoClient client{emu.url()};
//   auto sys = client.db("_system", {.auth = arango::Auth{emu.username(), emu.password()}}).get();
//
// Link with libarango-emulator-testing (pkg-config: arango-emulator-testing). The emulator is a
// child process (POSIX); this header includes the standard library only.
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace arango::testing {

/// The emulator could not be found or did not start; what() says why, with its stderr.
class EmulatorError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// How an Emulator starts the arango-emulator process.
struct EmulatorOptions {
  /// Path of arango-emulator. Empty: $ARANGO_EMULATOR, else the path it was installed to
  /// (the bindir configured when this library was built), else arango-emulator on PATH.
  std::string binary{};
  /// Password of the emulator's root user.
  std::string root_password{};
  /// More arango-emulator options, e.g. {"--jwt-secret", "s", "--trx-idle-timeout", "2"}.
  std::vector<std::string> extra_args{};
  /// Number of listeners (coordinators over one store), each on its own free port.
  unsigned listeners = 1;
  /// How long to wait for the "listening on" lines.
  std::chrono::milliseconds startup_timeout{10000};
  /// How long stop() waits after SIGTERM before it sends SIGKILL.
  std::chrono::milliseconds stop_timeout{5000};
};

/// A running arango-emulator, bound to 127.0.0.1 on ports the kernel picked (--port 0).
/// The constructor returns once every listener accepts connections; the destructor stops the
/// process (SIGTERM, then SIGKILL after stop_timeout) and reaps it.
class Emulator {
 public:
  Emulator();  ///< Starts an emulator with the default EmulatorOptions; EmulatorError when it cannot.
  /// Starts an emulator with `options`; EmulatorError when the binary is not found, exits, or does
  /// not listen within startup_timeout.
  explicit Emulator(EmulatorOptions options);
  ~Emulator();

  Emulator(Emulator&& other) noexcept;  ///< Takes over the process; `other` no longer owns it.
  /// Stops this emulator's process (if any), then takes over `other`'s.
  Emulator& operator=(Emulator&& other) noexcept;
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  /// The first listener's URL, e.g. "http://127.0.0.1:40123" ("" after a move from it).
  const std::string& url() const noexcept;
  /// Every listener's URL, in order (one per EmulatorOptions::listeners).
  const std::vector<std::string>& urls() const noexcept { return urls_; }
  /// The root user's credentials.
  const std::string& username() const noexcept { return username_; }
  /// The root user's password (EmulatorOptions::root_password).
  const std::string& password() const noexcept { return password_; }
  /// The binary that was started.
  const std::string& binary() const noexcept { return binary_; }
  /// Process id of the emulator; -1 once stopped.
  long pid() const noexcept { return pid_; }
  /// Whether the process is still owned and not stopped (pid() > 0).
  bool running() const noexcept { return pid_ > 0; }

  /// Stops the emulator now (idempotent). Returns its exit status like a shell reports it
  /// (0 after a clean SIGTERM, 128 + N when a signal N killed it); -1 if it was not running.
  int stop() noexcept;

  /// What the emulator wrote to its stderr so far.
  std::string stderr_output() const;

  /// The binary an Emulator with EmulatorOptions::binary = `binary` would start; throws
  /// EmulatorError when there is none.
  static std::string locate(const std::string& binary = {});

 private:
  void start(const EmulatorOptions& options);
  void release() noexcept;

  std::vector<std::string> urls_;
  std::string username_ = "root";
  std::string password_;
  std::string binary_;
  std::chrono::milliseconds stop_timeout_{5000};
  long pid_ = -1;
  int stdout_fd_ = -1;  // read end of the emulator's stdout
  int stderr_fd_ = -1;  // unlinked temporary file holding its stderr
};

}  // namespace arango::testing
