// libFuzzer target: bytes as what a Foxx install sends. The first byte picks the parser:
//   0: a multipart/form-data body (boundary "XfuzzX"), its parts' data then read as bundles
//   1: a zip bundle (read with the bounds, the service extracted, its manifest validated)
//   2: manifest.json text, and a configuration value checked against each type
// Zips the fuzzer makes are written back out (write_zip) and read again.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "foxx.hpp"
#include "json.hpp"

namespace {

void bundle(std::string_view bytes) {
  emu::foxx::ZipLimits limits;
  limits.max_bundle = 1 << 20;
  limits.max_entries = 64;
  limits.max_file = 1 << 20;
  limits.max_total = 4 << 20;
  auto zip = emu::foxx::read_zip(bytes, limits);
  if (!zip.ok) return;
  auto service = emu::foxx::extract_service(zip.files);
  if (service.ok) {
    auto it = service.files.find("manifest.json");
    if (it != service.files.end()) (void)emu::foxx::validate_manifest(it->second);
  }
  if (auto again = emu::foxx::write_zip(zip.files)) {
    auto round = emu::foxx::read_zip(*again, limits);
    if (!round.ok || round.files != zip.files) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view const input(reinterpret_cast<char const*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: {
      auto mp = emu::foxx::parse_multipart("multipart/form-data; boundary=XfuzzX", input);
      if (mp.ok) {
        for (auto const& p : mp.parts) {
          if (emu::foxx::is_zip(p.data)) bundle(p.data);
        }
      }
      break;
    }
    case 1:
      bundle(input);
      break;
    default: {
      auto m = emu::foxx::validate_manifest(input);
      if (m.error == 0 && m.manifest) {
        for (char const* t : {"integer", "boolean", "number", "string", "json", "password"}) {
          std::string warning;
          (void)emu::foxx::check_config_value(t, *m.manifest, warning);
        }
        if (auto const* name = emu::member(*m.manifest, "name"); name && name->IsString()) {
          (void)emu::foxx::readable_name(name->GetString());
        }
        if (auto const* e = emu::member(*m.manifest, "engines")) {
          if (auto const* r = e->IsObject() ? emu::member(*e, "arangodb") : nullptr;
              r && r->IsString()) {
            (void)emu::foxx::is_legacy_range(r->GetString());
          }
        }
      }
      break;
    }
  }
  return 0;
}
