// A loopback HTTP server that serves recorded pages and misbehaves on purpose.
//
// Tests, the benchmark and the demo crawl it instead of the real sites. Pages come from a directory
// (the URL path mirrors the file path; a query is part of the file name: "/search?q=x" is the file
// "search?q=x"; "/" is "index.html"), from add_page(), or from a synthetic prefix that answers any
// path under it with deterministic bytes. Every page carries an ETag and a Last-Modified and
// answers conditional requests with 304, like a well-behaved origin.
//
// Faults are injected per route (longest path prefix wins): latency, N failures first (429 / 503
// with an optional Retry-After), truncated bodies, dropped connections, redirect loops, and
// 200-status block pages. Every request is logged so tests can measure gaps and headers.
#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tradedig::crawler {

struct Fault {
  int latency_ms = 0;         // before answering
  int fail_first = 0;         // the first N requests to the route get fail_status (-1: all)
  int fail_status = 503;
  std::string retry_after;    // sent with failures: "7" or an HTTP-date
  bool truncate = false;      // declares the full Content-Length, sends half, closes
  bool drop = false;          // sends headers, then closes without a body
  bool redirect_loop = false; // 302 to itself, forever
  bool block_page = false;    // 200 with an Alibaba-style slider page instead of the content
};

struct LoggedRequest {
  double t = 0;               // seconds since the server started
  std::string path;           // with query
  std::string if_none_match, if_modified_since, user_agent;
  int status = 0;
};

class ReplayServer {
 public:
  // `dir` holds recorded pages and may be empty (then only add_page / synthetic pages exist). A
  // faults.toml in `dir` is loaded if present ([[fault]] prefix = "/x", latency_ms = 100, ...).
  explicit ReplayServer(std::string dir = "");
  ~ReplayServer();  // stops the server
  ReplayServer(const ReplayServer&) = delete;
  ReplayServer& operator=(const ReplayServer&) = delete;

  // Binds 127.0.0.1 (port 0: an ephemeral one) and serves on background threads; returns the
  // port. Throws std::runtime_error when the port cannot be bound.
  int start(int port = 0, const std::string& address = "127.0.0.1");
  void stop();
  std::string base_url() const;  // "http://127.0.0.1:PORT"

  void add_page(const std::string& path_and_query, std::string body, std::string content_type = "text/html");
  void set_synthetic(const std::string& prefix, size_t body_bytes);
  // Pre-built pages for benchmarks: PREFIX + N (N a number) is answered with bodies[N % size].
  // Bodies and their ETags are prepared here once, so a request costs no generation or hashing.
  void set_page_pool(const std::string& prefix, std::vector<std::string> bodies);
  void set_robots(std::string text);  // /robots.txt (404 when never set and not in dir)
  void add_fault(const std::string& path_prefix, Fault f);
  void load_faults(const std::string& toml_path);  // throws UserError on a bad file

  std::vector<LoggedRequest> requests() const;
  size_t request_count(const std::string& path_prefix) const;
  int max_concurrent() const;  // most requests being answered at the same moment so far

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The bytes a synthetic page at `path` has: deterministic, `n` long, different per path.
std::string synthetic_body(const std::string& path, size_t n);

}  // namespace tradedig::crawler
