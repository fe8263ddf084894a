#include "crawler/replay_server.h"

#include <sys/socket.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <httplib.h>
#include <toml++/toml.h>

#include "util/error.h"
#include "util/sha256.h"

namespace tradedig::crawler {

namespace {

constexpr const char* kLastModified = "Wed, 01 Jan 2025 00:00:00 GMT";

// The shape of the Alibaba punish page (SOURCES.md §3): slider markup and the traffic notice.
constexpr const char* kBlockPage =
    "<!DOCTYPE html><html><head><title>Captcha Interception</title></head><body>"
    "<div id=\"nocaptcha\"><div id=\"nc_1_wrapper\" class=\"nc-container\"></div></div>"
    "<p>Sorry, we have detected unusual traffic from your network. Please slide to verify.</p>"
    "<script>window._config_={NCTOKENSTR:'x',SECDATA:'y'};</script></body></html>";

std::string content_type_for(const std::string& path) {
  auto ends = [&](const char* ext) {
    std::string e(ext);
    size_t q = path.find('?');
    std::string p = q == std::string::npos ? path : path.substr(0, q);
    return p.size() >= e.size() && p.compare(p.size() - e.size(), e.size(), e) == 0;
  };
  if (ends(".json")) return "application/json";
  if (ends(".txt")) return "text/plain";
  return "text/html; charset=utf-8";
}

}  // namespace

std::string synthetic_body(const std::string& path, size_t n) {
  std::string seed = sha256_hex(path);
  std::string out = "<html><body><!-- " + path + " -->";
  while (out.size() < n) out += seed;
  out.resize(n);
  return out;
}

struct ReplayServer::Impl {
  std::string dir;
  httplib::Server srv;
  std::thread thread;
  int port = 0;
  int listen_fd = -1;
  std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
  mutable std::mutex mu;
  std::map<std::string, std::pair<std::string, std::string>> pages;  // path -> body, type
  std::map<std::string, size_t> synthetic;
  struct Pool {
    std::vector<std::string> bodies, etags;
  };
  std::map<std::string, std::shared_ptr<const Pool>> pools;
  std::optional<std::string> robots;
  std::map<std::string, Fault> faults;
  std::map<std::string, int> fault_hits;
  std::vector<LoggedRequest> log;
  int active = 0, max_active = 0;

  // The page at `target` (path with query), or nullopt.
  std::optional<std::pair<std::string, std::string>> find_page(const std::string& target) {
    {
      std::lock_guard lock(mu);
      if (target == "/robots.txt" && robots) return std::make_pair(*robots, std::string("text/plain"));
      if (auto it = pages.find(target); it != pages.end()) return it->second;
      for (const auto& [prefix, n] : synthetic)
        if (target.rfind(prefix, 0) == 0) return std::make_pair(synthetic_body(target, n), std::string("text/html"));
    }
    if (dir.empty() || target.find("..") != std::string::npos) return std::nullopt;
    std::string rel = target == "/" ? "/index.html" : target;
    std::filesystem::path file = std::filesystem::path(dir) / rel.substr(1);
    if (std::filesystem::is_directory(file)) file /= "index.html";
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream ss;
    ss << in.rdbuf();
    return std::make_pair(ss.str(), content_type_for(target));
  }

  // The fault of the longest matching prefix, and how many requests it has seen before this one.
  std::optional<std::pair<Fault, int>> find_fault(const std::string& target) {
    std::lock_guard lock(mu);
    const Fault* best = nullptr;
    std::string best_prefix;
    for (const auto& [prefix, f] : faults)
      if (target.rfind(prefix, 0) == 0 && prefix.size() >= best_prefix.size()) {
        best = &f;
        best_prefix = prefix;
      }
    if (!best) return std::nullopt;
    return std::make_pair(*best, fault_hits[best_prefix]++);
  }

  void handle(const httplib::Request& req, httplib::Response& res) {
    const std::string target = req.target.empty() ? req.path : req.target;
    LoggedRequest entry;
    entry.t = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    entry.path = target;
    entry.if_none_match = req.get_header_value("If-None-Match");
    entry.if_modified_since = req.get_header_value("If-Modified-Since");
    entry.user_agent = req.get_header_value("User-Agent");
    {
      std::lock_guard lock(mu);
      max_active = std::max(max_active, ++active);
    }
    serve(req, res, target);
    entry.status = res.status;
    std::lock_guard lock(mu);
    --active;
    log.push_back(std::move(entry));
  }

  // A page of a set_page_pool() prefix, answered from the prepared bodies, uncompressed; false: no
  // pool matches.
  bool serve_pool(const httplib::Request& req, httplib::Response& res, const std::string& target) {
    std::shared_ptr<const Pool> pool;
    size_t n = 0;
    {
      std::lock_guard lock(mu);
      for (const auto& [prefix, p] : pools)
        if (target.rfind(prefix, 0) == 0 && !p->bodies.empty()) {
          pool = p;
          n = std::strtoull(target.c_str() + prefix.size(), nullptr, 10) % p->bodies.size();
        }
    }
    if (!pool) return false;
    res.set_header("ETag", pool->etags[n]);
    res.set_header("Last-Modified", kLastModified);
    if (req.get_header_value("If-None-Match") == pool->etags[n]) {
      res.status = 304;
      return true;
    }
    // A sized content provider: no copy of the body, and httplib does not compress it per request
    // (set_content would brotli-compress 100 KB for every client that accepts br).
    const std::string* body = &pool->bodies[n];
    res.set_content_provider(body->size(), "text/html; charset=utf-8",
                             [pool, body](size_t offset, size_t length, httplib::DataSink& sink) {
                               return sink.write(body->data() + offset, std::min(length, body->size() - offset));
                             });
    return true;
  }

  void serve(const httplib::Request& req, httplib::Response& res, const std::string& target) {
    auto fault = find_fault(target);
    if (fault && fault->first.latency_ms > 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(fault->first.latency_ms));
    if (fault) {
      const Fault& f = fault->first;
      if (f.fail_first < 0 || fault->second < f.fail_first) {
        res.status = f.fail_status;
        if (!f.retry_after.empty()) res.set_header("Retry-After", f.retry_after);
        res.set_content("<html><body>Service temporarily unavailable</body></html>", "text/html");
        return;
      }
      if (f.redirect_loop) {
        res.set_redirect(target, 302);
        return;
      }
      if (f.block_page) {
        res.set_content(kBlockPage, "text/html; charset=utf-8");
        return;
      }
    }
    if (serve_pool(req, res, target)) return;
    auto page = find_page(target);
    if (!page) {
      res.status = 404;
      res.set_content("<html><body>Not Found</body></html>", "text/html");
      return;
    }
    const std::string etag = "\"" + sha256_hex(page->first).substr(0, 20) + "\"";
    res.set_header("ETag", etag);
    res.set_header("Last-Modified", kLastModified);
    if (req.get_header_value("If-None-Match") == etag ||
        (!req.has_header("If-None-Match") && req.get_header_value("If-Modified-Since") == kLastModified)) {
      res.status = 304;
      return;
    }
    if (fault && (fault->first.truncate || fault->first.drop)) {
      // Promise the whole body, deliver half (or nothing), then give up on the connection.
      auto body = std::make_shared<std::string>(std::move(page->first));
      size_t keep = fault->first.drop ? 0 : body->size() / 2;
      res.set_content_provider(body->size(), page->second,
                               [body, keep](size_t offset, size_t, httplib::DataSink& sink) {
                                 if (offset < keep) sink.write(body->data() + offset, keep - offset);
                                 return offset < keep;
                               });
      return;
    }
    res.set_content(page->first, page->second);
  }
};

ReplayServer::ReplayServer(std::string dir) : impl_(std::make_unique<Impl>()) {
  impl_->dir = std::move(dir);
  // Enough workers that injected latency does not serialise the crawler's concurrent requests.
  impl_->srv.new_task_queue = [] { return new httplib::ThreadPool(64); };
  // httplib's own options (address reuse), and the listening socket kept for start().
  impl_->srv.set_socket_options([impl = impl_.get()](socket_t sock) {
    httplib::default_socket_options(sock);
    impl->listen_fd = sock;
  });
  impl_->srv.Get(".*", [this](const httplib::Request& req, httplib::Response& res) { impl_->handle(req, res); });
  impl_->srv.Post(".*", [this](const httplib::Request& req, httplib::Response& res) { impl_->handle(req, res); });
  if (!impl_->dir.empty()) {
    auto faults = std::filesystem::path(impl_->dir) / "faults.toml";
    if (std::filesystem::exists(faults)) load_faults(faults.string());
  }
}

ReplayServer::~ReplayServer() { stop(); }

int ReplayServer::start(int port, const std::string& address) {
  if (port == 0) {
    impl_->port = impl_->srv.bind_to_any_port(address);
  } else {
    impl_->port = impl_->srv.bind_to_port(address, port) ? port : -1;
  }
  if (impl_->port <= 0) throw std::runtime_error("replay server: cannot bind " + address + ":" + std::to_string(port));
  // Debian's libcpp-httplib listens with a backlog of 5: a crawler opening 64 connections at once
  // had most SYNs dropped and retried by the kernel after 1, 3, 7 s..., stalling a benchmark for
  // seconds with no CPU used. A second listen() on a listening socket only raises the backlog.
  if (impl_->listen_fd >= 0) ::listen(impl_->listen_fd, 1024);
  impl_->t0 = std::chrono::steady_clock::now();
  impl_->thread = std::thread([this] { impl_->srv.listen_after_bind(); });
  // httplib's stop() does nothing until the listen loop runs, so a server stopped right after
  // start() (a test that fails early) would never stop: wait for the loop (5 s at most).
  for (int i = 0; i < 5000 && !impl_->srv.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return impl_->port;
}

void ReplayServer::stop() {
  if (!impl_ || !impl_->thread.joinable()) return;
  impl_->srv.stop();
  impl_->thread.join();
}

std::string ReplayServer::base_url() const { return "http://127.0.0.1:" + std::to_string(impl_->port); }

void ReplayServer::add_page(const std::string& path_and_query, std::string body, std::string content_type) {
  std::lock_guard lock(impl_->mu);
  impl_->pages[path_and_query] = {std::move(body), std::move(content_type)};
}

void ReplayServer::set_synthetic(const std::string& prefix, size_t body_bytes) {
  std::lock_guard lock(impl_->mu);
  impl_->synthetic[prefix] = body_bytes;
}

void ReplayServer::set_page_pool(const std::string& prefix, std::vector<std::string> bodies) {
  auto pool = std::make_shared<Impl::Pool>();
  for (const auto& b : bodies) pool->etags.push_back("\"" + sha256_hex(b).substr(0, 20) + "\"");
  pool->bodies = std::move(bodies);
  std::lock_guard lock(impl_->mu);
  impl_->pools[prefix] = std::move(pool);
}

void ReplayServer::set_robots(std::string text) {
  std::lock_guard lock(impl_->mu);
  impl_->robots = std::move(text);
}

void ReplayServer::add_fault(const std::string& path_prefix, Fault f) {
  std::lock_guard lock(impl_->mu);
  impl_->faults[path_prefix] = std::move(f);
  impl_->fault_hits[path_prefix] = 0;
}

void ReplayServer::load_faults(const std::string& toml_path) {
  toml::table t;
  try {
    t = toml::parse_file(toml_path);
  } catch (const toml::parse_error& e) {
    throw UserError(toml_path + ": " + std::string(e.description()));
  }
  const toml::array* arr = t["fault"].as_array();
  if (!arr) return;
  for (const auto& node : *arr) {
    const toml::table* ft = node.as_table();
    if (!ft) throw UserError(toml_path + ": every [[fault]] must be a table");
    auto prefix = (*ft)["prefix"].value<std::string>();
    if (!prefix) throw UserError(toml_path + ": a [[fault]] has no prefix");
    Fault f;
    f.latency_ms = (*ft)["latency_ms"].value_or(0);
    f.fail_first = (*ft)["fail_first"].value_or(0);
    f.fail_status = (*ft)["fail_status"].value_or(503);
    f.retry_after = (*ft)["retry_after"].value_or(std::string());
    f.truncate = (*ft)["truncate"].value_or(false);
    f.drop = (*ft)["drop"].value_or(false);
    f.redirect_loop = (*ft)["redirect_loop"].value_or(false);
    f.block_page = (*ft)["block_page"].value_or(false);
    add_fault(*prefix, f);
  }
}

std::vector<LoggedRequest> ReplayServer::requests() const {
  std::lock_guard lock(impl_->mu);
  return impl_->log;
}

int ReplayServer::max_concurrent() const {
  std::lock_guard lock(impl_->mu);
  return impl_->max_active;
}

size_t ReplayServer::request_count(const std::string& path_prefix) const {
  std::lock_guard lock(impl_->mu);
  size_t n = 0;
  for (const auto& r : impl_->log) n += r.path.rfind(path_prefix, 0) == 0;
  return n;
}

}  // namespace tradedig::crawler
