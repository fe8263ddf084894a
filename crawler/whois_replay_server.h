// A loopback WHOIS server (TCP, RFC 3912) that answers queries with recorded replies.
//
// Tests and demos point the WHOIS client at it (WhoisQueryOptions::server_addresses) instead of
// the registries. A reply comes from add_reply(), else from a file in `dir` named by the query
// through `file_template` ("{query}" for richardpenman's samples/whois/google.com, "{tld}_{query}"
// for likexian's noterror/cn_google.cn), else the Verisign not-found wording. Queries are matched
// lower-case. Every query is logged.
//
//   WhoisReplayServer registry(shared_path("data/whois/likexian/testdata/noterror"), "{tld}_{query}");
//   int port = registry.start();
//   opt.server_addresses["whois.cnnic.cn"] = "127.0.0.1:" + std::to_string(port);
#pragma once
#include <memory>
#include <string>
#include <vector>

namespace tradedig::crawler {

class WhoisReplayServer {
 public:
  explicit WhoisReplayServer(std::string dir = "", std::string file_template = "{query}");
  ~WhoisReplayServer();  // stops the server
  WhoisReplayServer(const WhoisReplayServer&) = delete;
  WhoisReplayServer& operator=(const WhoisReplayServer&) = delete;

  // Binds 127.0.0.1 (port 0: an ephemeral one), answers on a background thread; returns the port.
  // Throws std::runtime_error when the port cannot be bound.
  int start(int port = 0);
  void stop();
  std::string address() const;  // "127.0.0.1:PORT"

  void add_reply(const std::string& query, std::string reply);
  // Every query after the first `n` is answered with `reply` (a registry's rate-limit text).
  void rate_limit_after(int n, std::string reply);

  std::vector<std::string> queries() const;  // as received, without the line end
  // When each query of queries() arrived: seconds on the steady clock since start().
  std::vector<double> query_times() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tradedig::crawler
