// Linked into the integration suites that start their own emulator (test/integration/meson.build's
// own_emulator_areas): before the first test, unless ARANGO_URL names a server already, an
// arango::testing::Emulator starts and ARANGO_URL / ARANGO_USER / ARANGO_PASSWORD point at it,
// the same variables arango-emulator-run exports. It stops after the last test.
#define CATCH_CONFIG_EXTERNAL_INTERFACES
#include <arango/testing/emulator.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <optional>

namespace {

std::optional<arango::testing::Emulator> emulator;

struct OwnEmulator : Catch::TestEventListenerBase {
  using TestEventListenerBase::TestEventListenerBase;

  void testRunStarting(const Catch::TestRunInfo& info) override {
    TestEventListenerBase::testRunStarting(info);
    const char* url = std::getenv("ARANGO_URL");
    if (url != nullptr && *url != '\0') return;
    // The options the other integration suites get from arango-emulator-run.
    emulator.emplace(arango::testing::EmulatorOptions{
        .root_password = "test-root-pw", .extra_args = {"--trx-idle-timeout", "2"}});
    ::setenv("ARANGO_URL", emulator->url().c_str(), 1);
    ::setenv("ARANGO_USER", emulator->username().c_str(), 1);
    ::setenv("ARANGO_PASSWORD", emulator->password().c_str(), 1);
    ::setenv("ARANGO_TRX_IDLE_TIMEOUT", "2", 1);
  }

  void testRunEnded(const Catch::TestRunStats& stats) override {
    TestEventListenerBase::testRunEnded(stats);
    emulator.reset();
  }
};

}  // namespace

CATCH_REGISTER_LISTENER(OwnEmulator)
