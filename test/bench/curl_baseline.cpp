// The floor a libcurl-based client stands on: the benchmark workloads done with bare
// libcurl-multi on one thread, with request URLs, headers and bodies built before the clock
// starts, and responses read into a buffer but never decoded (the cursor reads only the cursor
// id and hasMore, by string search; async-job only the job id header). Prints one JSON line
// (bench_common.hpp) per run. Set-up (database, collection, documents) is not measured.
#include "bench_common.hpp"

#include <curl/curl.h>

#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

namespace {

constexpr const char* kProgram = "libcurl-baseline";

std::string base64(std::string_view in) {
  static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
    out += t[v >> 18];
    out += t[(v >> 12) & 63];
    out += t[(v >> 6) & 63];
    out += t[v & 63];
  }
  if (i < in.size()) {
    unsigned v = (unsigned char)in[i] << 16 | (i + 1 < in.size() ? (unsigned char)in[i + 1] << 8 : 0);
    out += t[v >> 18];
    out += t[(v >> 12) & 63];
    out += i + 1 < in.size() ? t[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

/// One request as the baseline sends it: everything prepared in advance.
struct Call {
  const char* method = "GET";
  std::string url;
  std::string body;  ///< empty: no body
  curl_slist* headers = nullptr;
};

struct Reply {
  long status = 0;
  std::string body;
  std::string async_id;  ///< x-arango-async-id, when asked for
};

size_t on_body(char* data, size_t size, size_t n, void* user) {
  static_cast<Reply*>(user)->body.append(data, size * n);
  return size * n;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  std::string_view line(data, size * n);
  constexpr std::string_view name = "x-arango-async-id:";
  if (line.size() > name.size() && strncasecmp(line.data(), name.data(), name.size()) == 0) {
    std::string_view v = line.substr(name.size());
    while (!v.empty() && (v.front() == ' ')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.remove_suffix(1);
    static_cast<Reply*>(user)->async_id.assign(v);
  }
  return size * n;
}

/// One CURLM, a pool of easy handles, up to `limit` transfers in flight.
class Multi {
 public:
  explicit Multi(long limit) : multi_(curl_multi_init()), limit_(limit) {
    curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, std::max(limit, 8L));
  }
  ~Multi() {
    for (CURL* h : idle_) curl_easy_cleanup(h);
    curl_multi_cleanup(multi_);
  }

  using Done = std::function<void(Reply&)>;

  /// Sends every call `next()` yields (nullptr: no more), `limit` at a time; `done` sees each
  /// reply. Returns when all have finished.
  void run(const std::function<const Call*()>& next, const Done& done, bool want_headers = false) {
    bool more = true;
    auto fill = [&] {
      while (more && long(active_.size()) < limit_) {
        const Call* c = next();
        if (!c) {
          more = false;
          break;
        }
        start(*c, want_headers);
      }
    };
    fill();
    while (!active_.empty()) {
      int running = 0;
      curl_multi_perform(multi_, &running);
      int left = 0;
      while (CURLMsg* m = curl_multi_info_read(multi_, &left)) {
        if (m->msg != CURLMSG_DONE) continue;
        CURL* h = m->easy_handle;
        Slot* slot = nullptr;
        curl_easy_getinfo(h, CURLINFO_PRIVATE, reinterpret_cast<char**>(&slot));
        if (m->data.result == CURLE_OK) {
          curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &slot->reply.status);
        } else {
          slot->reply.status = 0;
        }
        curl_multi_remove_handle(multi_, h);
        idle_.push_back(h);
        done(slot->reply);
        free_slots_.push_back(slot);
        active_.erase(std::find(active_.begin(), active_.end(), slot));
      }
      fill();
      if (!active_.empty()) curl_multi_poll(multi_, nullptr, 0, 1000, nullptr);
    }
  }

 private:
  struct Slot {
    Reply reply;
  };

  void start(const Call& c, bool want_headers) {
    CURL* h;
    if (!idle_.empty()) {
      h = idle_.back();
      idle_.pop_back();
      curl_easy_reset(h);
    } else {
      h = curl_easy_init();
    }
    Slot* slot;
    if (!free_slots_.empty()) {
      slot = free_slots_.back();
      free_slots_.pop_back();
    } else {
      slots_.push_back(std::make_unique<Slot>());
      slot = slots_.back().get();
    }
    slot->reply.body.clear();
    slot->reply.async_id.clear();
    slot->reply.status = 0;
    curl_easy_setopt(h, CURLOPT_URL, c.url.c_str());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PRIVATE, slot);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &slot->reply);
    if (want_headers) {
      curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &on_header);
      curl_easy_setopt(h, CURLOPT_HEADERDATA, &slot->reply);
    }
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_1_1));
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, c.headers);
    if (std::strcmp(c.method, "GET") != 0 && std::strcmp(c.method, "POST") != 0) {
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, c.method);
    }
    if (!c.body.empty() || std::strcmp(c.method, "POST") == 0) {
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(c.body.size()));
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, c.body.data());
    }
    curl_multi_add_handle(multi_, h);
    active_.push_back(slot);
  }

  CURLM* multi_;
  long limit_;
  std::vector<CURL*> idle_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<Slot*> free_slots_;
  std::vector<Slot*> active_;
};

struct Baseline {
  bench::Args args;
  std::string db_url;  ///< url + /_db/<database>
  curl_slist* json_headers = nullptr;
  curl_slist* plain_headers = nullptr;
  curl_slist* async_headers = nullptr;

  explicit Baseline(bench::Args a) : args(std::move(a)) {
    db_url = args.url + "/_db/" + args.database;
    std::string auth = "Authorization: Basic " + base64(args.user + ":" + args.password);
    plain_headers = curl_slist_append(plain_headers, auth.c_str());
    plain_headers = curl_slist_append(plain_headers, "Expect:");
    json_headers = curl_slist_append(json_headers, auth.c_str());
    json_headers = curl_slist_append(json_headers, "Content-Type: application/json");
    json_headers = curl_slist_append(json_headers, "Expect:");
    async_headers = curl_slist_append(async_headers, auth.c_str());
    async_headers = curl_slist_append(async_headers, "Content-Type: application/json");
    async_headers = curl_slist_append(async_headers, "x-arango-async: store");
    async_headers = curl_slist_append(async_headers, "Expect:");
  }
  ~Baseline() {
    curl_slist_free_all(json_headers);
    curl_slist_free_all(plain_headers);
    curl_slist_free_all(async_headers);
  }

  /// A blocking request for set-up.
  Reply request(const char* method, const std::string& url, std::string body = {}) {
    Call c{method, url, std::move(body), nullptr};
    c.headers = c.body.empty() ? plain_headers : json_headers;
    Reply out;
    Multi m(1);
    bool sent = false;
    m.run([&]() -> const Call* { return sent ? nullptr : (sent = true, &c); }, [&](Reply& r) { out = r; });
    return out;
  }

  void expect(const Reply& r, std::initializer_list<long> ok, const char* what) {
    for (long s : ok) {
      if (r.status == s) return;
    }
    throw std::runtime_error(std::string(what) + ": HTTP " + std::to_string(r.status) + " " + r.body);
  }

  void setup(const std::string& collection) {
    expect(request("POST", args.url + "/_db/_system/_api/database", "{\"name\":\"" + args.database + "\"}"),
           {201, 409}, "create database");
    if (args.workload == "cursor") {
      Reply count = request("GET", db_url + "/_api/collection/" + collection + "/count");
      if (count.status == 200 && count.body.find("\"count\":" + std::to_string(args.docs) + ",") != std::string::npos) {
        return;
      }
    }
    expect(request("DELETE", db_url + "/_api/collection/" + collection), {200, 404}, "drop collection");
    expect(request("POST", db_url + "/_api/collection", "{\"name\":\"" + collection + "\"}"), {200}, "create collection");
    if (args.workload == "cursor") {
      std::string q = "{\"query\":\"" + bench::fill_query(args.docs) + "\",\"bindVars\":{\"@c\":\"" + collection + "\"}}";
      expect(request("POST", db_url + "/_api/cursor", q), {201}, "fill cursor collection");
    }
    if (args.workload == "get-concurrent" || args.workload == "get-queued") {
      for (long i = 0; i < args.ops; i += 1000) {
        std::string body = "[";
        for (long j = i; j < std::min(args.ops, i + 1000); ++j) {
          if (j > i) body += ',';
          body += bench::small_doc(j);
        }
        body += "]";
        expect(request("POST", db_url + "/_api/document/" + collection, body), {201, 202}, "fill collection");
      }
    }
  }

  static bool success(const Reply& r) { return r.status >= 200 && r.status < 300; }

  bench::Report run() {
    const std::string collection = bench::collection_for("baseline", args);
    setup(collection);
    bench::Report report{kProgram, args.workload};
    report.ops = args.ops;
    const std::string& w = args.workload;
    if (w == "version") {
      Call c{"GET", db_url + "/_api/version", {}, plain_headers};
      measure(report, [&] { repeat(c, args.ops, 1, report); });
    } else if (w == "insert-concurrent") {
      std::vector<Call> calls;
      calls.reserve(std::size_t(args.ops));
      for (long i = 0; i < args.ops; ++i) {
        calls.push_back(Call{"POST", db_url + "/_api/document/" + collection, bench::small_doc(i, false), json_headers});
      }
      report.concurrency = args.concurrency;
      report.documents = args.ops;
      measure(report, [&] { each(calls, args.concurrency, report); });
    } else if (w == "get-concurrent") {
      std::vector<Call> calls;
      calls.reserve(std::size_t(args.ops));
      for (long i = 0; i < args.ops; ++i) {
        calls.push_back(Call{"GET", db_url + "/_api/document/" + collection + "/k" + std::to_string(i), {}, plain_headers});
      }
      report.concurrency = args.concurrency;
      report.documents = args.ops;
      measure(report, [&] { each(calls, args.concurrency, report); });
    } else if (w == "get-queued") {
      // The same rounds of args.concurrency calls as the library's; a bare loop has no queue to
      // speak of, so it keeps at most 64 on the wire (the library's default max_host_connections)
      // and starts the next as one finishes.
      std::vector<Call> calls;
      calls.reserve(std::size_t(args.ops));
      for (long i = 0; i < args.ops; ++i) {
        calls.push_back(Call{"GET", db_url + "/_api/document/" + collection + "/k" + std::to_string(i), {}, plain_headers});
      }
      report.concurrency = args.concurrency;
      report.documents = args.ops;
      measure(report, [&] {
        Multi m(std::min(args.concurrency, 64L));
        for (long first = 0; first < args.ops; first += args.concurrency) {
          const long last = std::min(args.ops, first + args.concurrency);
          long next = first;
          m.run([&]() -> const Call* { return next < last ? &calls[std::size_t(next++)] : nullptr; },
                [&](Reply& r) { report.errors += success(r) ? 0 : 1; });
        }
      });
    } else if (w == "insert-many") {
      std::vector<Call> calls;
      for (long i = 0; i < args.docs; i += args.batch) {
        std::string body = "[";
        for (long j = i; j < std::min(args.docs, i + args.batch); ++j) {
          if (j > i) body += ',';
          body += bench::small_doc(j, false);
        }
        body += "]";
        calls.push_back(Call{"POST", db_url + "/_api/document/" + collection, std::move(body), json_headers});
      }
      report.ops = long(calls.size());
      report.documents = args.docs;
      measure(report, [&] { each(calls, 1, report); });
    } else if (w == "cursor") {
      report.ops = args.docs;
      measure(report, [&] { read_cursor(collection, report); });
    } else if (w == "async-job") {
      report.documents = args.ops;
      measure(report, [&] { async_jobs(collection, report); });
    } else {
      throw std::invalid_argument("the baseline has no workload " + w);
    }
    return report;
  }

  template <class F>
  void measure(const bench::Report& report, F&& body) {
    bench::Sample begin = bench::Sample::now();
    bench::instructions_start();
    body();
    bench::instructions_stop();
    bench::Sample end = bench::Sample::now();
    report.print(begin, end);
  }

  void repeat(const Call& c, long n, long limit, bench::Report& report) {
    long sent = 0;
    Multi m(limit);
    m.run([&]() -> const Call* { return sent++ < n ? &c : nullptr; },
          [&](Reply& r) { report.errors += success(r) ? 0 : 1; });
  }

  void each(const std::vector<Call>& calls, long limit, bench::Report& report) {
    std::size_t next = 0;
    Multi m(limit);
    m.run([&]() -> const Call* { return next < calls.size() ? &calls[next++] : nullptr; },
          [&](Reply& r) { report.errors += success(r) ? 0 : 1; });
  }

  /// Reads the whole result: POST /_api/cursor, then POST /_api/cursor/<id> while hasMore.
  void read_cursor(const std::string& collection, bench::Report& report) {
    Call first{"POST", db_url + "/_api/cursor",
               "{\"query\":\"FOR d IN @@c RETURN d\",\"bindVars\":{\"@c\":\"" + collection +
                   "\"},\"batchSize\":" + std::to_string(args.batch) + "}",
               json_headers};
    Call more{"POST", {}, {}, plain_headers};
    Multi m(1);
    const Call* pending = &first;
    std::uint64_t bytes = 0;
    long batches = 0;
    while (pending) {
      const Call* c = pending;
      pending = nullptr;
      bool taken = false;
      m.run([&]() -> const Call* { return taken ? nullptr : (taken = true, c); },
            [&](Reply& r) {
              bytes += r.body.size();
              ++batches;
              if (!success(r)) {
                ++report.errors;
                return;
              }
              if (r.body.find("\"hasMore\":true") == std::string::npos) return;
              auto at = r.body.find("\"id\":\"");
              if (at == std::string::npos) {
                ++report.errors;
                return;
              }
              at += 6;
              more.url = db_url + "/_api/cursor/" + r.body.substr(at, r.body.find('"', at) - at);
              pending = &more;
            });
    }
    report.bytes = bytes;
    report.documents = args.docs;
    report.extra["batches"] = double(batches);
  }

  /// Submits an insert as an async job (x-arango-async: store), then fetches its result with
  /// PUT /_api/job/<id> until it is done (204 while pending); one job at a time.
  void async_jobs(const std::string& collection, bench::Report& report) {
    std::vector<Call> submits;
    submits.reserve(std::size_t(args.ops));
    for (long i = 0; i < args.ops; ++i) {
      submits.push_back(Call{"POST", db_url + "/_api/document/" + collection, bench::small_doc(i, false), async_headers});
    }
    Multi m(1);
    Call fetch{"PUT", {}, {}, plain_headers};
    long polls = 0;
    for (const Call& submit : submits) {
      std::string id;
      bool taken = false;
      m.run([&]() -> const Call* { return taken ? nullptr : (taken = true, &submit); },
            [&](Reply& r) { id = r.status == 202 ? r.async_id : std::string(); }, /*want_headers=*/true);
      if (id.empty()) {
        ++report.errors;
        continue;
      }
      fetch.url = db_url + "/_api/job/" + id;
      for (long status = 204; status == 204;) {
        ++polls;
        taken = false;
        m.run([&]() -> const Call* { return taken ? nullptr : (taken = true, &fetch); },
              [&](Reply& r) { status = r.status; });
        if (status != 204 && status != 202 && status != 201) ++report.errors;
      }
    }
    report.extra["polls_per_job"] = double(polls) / double(args.ops);
  }
};

}  // namespace

int main(int argc, char** argv) {
  bench::Args args = bench::parse_args(argc, argv, "curl-baseline");
  curl_global_init(CURL_GLOBAL_DEFAULT);
  int rc = 0;
  try {
    Baseline b(args);
    bench::Report r = b.run();
    rc = r.errors == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "curl-baseline: %s\n", e.what());
    rc = 1;
  }
  curl_global_cleanup();
  return rc;
}
