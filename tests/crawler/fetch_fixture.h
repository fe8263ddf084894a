// Shared set-up for fetcher tests: requests, driving the fetcher to completion, loopback HTTP and
// HTTPS servers the test starts itself, and certificates made at test time (no file in the tree,
// nothing that expires between runs).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <httplib.h>

#include "crawler/fetcher.h"
#include "tests/test_support.h"

namespace tradedig::testing {

// Short timeouts: every server in these tests is on 127.0.0.1.
inline crawler::FetcherOptions loopback_fetcher_options() {
  crawler::FetcherOptions o;
  o.user_agent = "tradedig-test/1.0";
  o.connect_timeout_s = 5;
  o.total_timeout_s = 10;
  return o;
}

inline crawler::FetchRequest get(const std::string& url) {
  crawler::FetchRequest r;
  r.url = url;
  return r;
}

// Drives the fetcher until every started transfer is back (10 s at most), in completion order.
std::vector<std::pair<uint64_t, crawler::FetchResult>> wait_all(crawler::Fetcher& f);

// One transfer from start to finish; a result with status 0 and error "test: no result in 10 s"
// when the fetcher never returned it.
crawler::FetchResult fetch_one(crawler::Fetcher& f, const crawler::FetchRequest& req,
                               const crawler::TransferSettings& settings = {});

// A private CA and a server certificate it signed for 127.0.0.1 and localhost (valid from an hour
// ago for a day), written as PEM files into `dir`. No system store trusts the CA.
struct TestCertificates {
  std::string ca_file;    // the CA certificate: what a source's ca_file names
  std::string cert_file;  // the server's certificate
  std::string key_file;   // the server's private key
};
TestCertificates make_test_certificates(const ScratchDir& dir);

// An httplib server (plain or httplib::SSLServer) on an ephemeral 127.0.0.1 port, serving on a
// background thread until destroyed. Routes are added before it is handed over.
class LoopbackServer {
 public:
  explicit LoopbackServer(std::unique_ptr<httplib::Server> srv);
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;
  int port() const { return port_; }
  std::string base_url() const;  // "http://127.0.0.1:<port>" or "https://..." for an SSLServer

 private:
  std::unique_ptr<httplib::Server> srv_;
  std::thread thread_;
  int port_ = -1;
  bool tls_ = false;
};

// What one request looked like when it reached a RecordingServer.
struct SeenRequest {
  std::string target;  // the request line's target: "/path?q" from a client, "http://host/path?q" at a proxy
  std::string host, accept_encoding, cookie;
};

// A LoopbackServer answering every GET with `answer` and recording each request before answering.
class RecordingServer {
 public:
  using Answer = std::function<void(const httplib::Request&, httplib::Response&)>;
  explicit RecordingServer(Answer answer, std::unique_ptr<httplib::Server> srv = std::make_unique<httplib::Server>());
  std::vector<SeenRequest> seen();
  std::string base_url() const { return server_->base_url(); }
  int port() const { return server_->port(); }

 private:
  std::mutex mu_;
  std::vector<SeenRequest> seen_;
  std::unique_ptr<LoopbackServer> server_;
};

}  // namespace tradedig::testing
