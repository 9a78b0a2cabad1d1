// Administration: the server's health, its metrics, its log, log levels changed and reset, and a
// hot backup taken and restored.
// Runs against ARANGO_URL (default http://127.0.0.1:8529) as ARANGO_USER / ARANGO_PASSWORD (an
// admin user); exits non-zero when the server answers something unexpected.
#include <arango/arango.hpp>

#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>

static std::string env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

static int fail(const std::string& what) {
  std::cerr << "unexpected: " << what << "\n";
  return 1;
}

int main() {
  arango::ArangoClient client(env("ARANGO_URL", "http://127.0.0.1:8529"));
  arango::Auth auth{env("ARANGO_USER", "root"), env("ARANGO_PASSWORD", "")};
  arango::StandardDatabase sys = client.db("_system", {.auth = auth, .verify = true}).get();

  // --- health: is the server up, and does it take writes? ---
  arango::ServerStatusInformation status = sys.status().get();
  std::string availability = sys.check_availability().get();
  std::cout << "server " << status.version << ", mode " << sys.mode().get() << ", availability " << availability
            << "\n";
  if (availability != "default" && availability != "readonly") return fail("availability " + availability);

  // --- metrics: Prometheus text; pick the request counter out of it ---
  std::string metrics = sys.metrics().get();
  std::istringstream lines(metrics);
  std::string line;
  bool found = false;
  while (std::getline(lines, line)) {
    if (line.rfind("arangodb_http_request_statistics_total_requests_total", 0) == 0) {
      std::cout << "metric " << line << "\n";
      found = true;
    }
  }
  if (!found) return fail("no arangodb_http_request_statistics_total_requests_total in the metrics");

  // --- the server's log ---
  arango::LogEntries log = sys.read_log_entries({.upto = "info", .size = 3, .sort = "desc"}).get();
  std::cout << log.total << " log entries, the latest:\n";
  for (const arango::LogEntry& e : log.messages) std::cout << "  [" << e.level << "] " << e.message << "\n";

  // --- log levels: raise one topic, then go back to the startup levels ---
  arango::Json raised = sys.set_log_levels(arango::Json::parse(R"({"requests":"debug"})")).get();
  std::cout << "requests topic now " << raised["requests"].as_string() << "\n";
  if (raised["requests"].as_string() != "DEBUG") return fail("the requests topic was not raised");
  arango::Json reset = sys.reset_log_levels().get();
  std::cout << "requests topic back to " << reset["requests"].as_string() << "\n";

  // --- hot backup: take one, change the data, restore it, and the change is gone ---
  if (sys.has_collection("admin_sample_notes").get()) sys.delete_collection("admin_sample_notes").get();
  auto notes = sys.create_collection("admin_sample_notes").get();
  notes.insert(arango::Json::parse(R"({"_key":"kept","text":"written before the backup"})")).get();
  arango::Backup backup = sys.backup();
  arango::BackupInfo snapshot = backup.create({.label = "admin-sample"}).get();
  std::cout << "backup " << snapshot.id << " taken\n";
  notes.insert(arango::Json::parse(R"({"_key":"lost","text":"written after the backup"})")).get();
  backup.restore(snapshot.id).get();
  std::int64_t after_restore = notes.count().get();
  std::cout << "documents after the restore: " << after_restore << "\n";
  if (after_restore != 1 || notes.has("lost").get())
    return fail("the restore kept the document written after the backup");
  backup.delete_(snapshot.id).get();
  sys.delete_collection("admin_sample_notes").get();

  std::cout << "administration done\n";
  return 0;
}
