// HTTP/2 in the fetcher: ALPN negotiation and connection sharing, against nghttpd (Debian's
// nghttp2-server, installed by scripts/install-deps.sh --with-test-tools) on 127.0.0.1 with
// certificates the test makes. Without nghttpd the tests warn and check nothing.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/crawler/crawl_fixture.h"
#include "tests/crawler/fetch_fixture.h"

extern char** environ;

using namespace tradedig;

namespace {

// Searched on PATH, then in /usr/sbin, where Debian puts it (not on a normal user's PATH).
std::string find_nghttpd() {
  std::string dirs = std::getenv("PATH") ? std::getenv("PATH") : "";
  dirs += ":/usr/sbin:/usr/local/sbin";
  std::stringstream ss(dirs);
  for (std::string dir; std::getline(ss, dir, ':');)
    if (!dir.empty() && ::access((dir + "/nghttpd").c_str(), X_OK) == 0) return dir + "/nghttpd";
  return "";
}

// A port the kernel just handed out and took back: free now, though another process may take it
// before nghttpd binds it (then the start is retried on another).
int free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = -1;
  if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  if (fd >= 0) ::close(fd);
  if (port <= 0) throw std::runtime_error("no free loopback port");
  return port;
}

bool accepts_connections(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  if (fd >= 0) ::close(fd);
  return ok;
}

// nghttpd serving `htdocs` over TLS on 127.0.0.1, its verbose frame log in `log_file`; stopped
// (SIGTERM) when destroyed.
class Nghttpd {
 public:
  Nghttpd(const std::string& binary, const std::string& htdocs, const testing::TestCertificates& certs,
          const std::string& log_file)
      : log_file_(log_file) {
    for (int attempt = 0; attempt < 3 && pid_ <= 0; ++attempt) start(binary, htdocs, certs);
    if (pid_ <= 0) throw std::runtime_error("nghttpd did not start; its output: " + testing::read_file(log_file_));
  }
  ~Nghttpd() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  Nghttpd(const Nghttpd&) = delete;
  Nghttpd& operator=(const Nghttpd&) = delete;
  int port() const { return port_; }

  // TLS sessions that reached HTTP/2: nghttpd -v prefixes each frame line with "[id=<session>]",
  // and every HTTP/2 client starts by sending a SETTINGS frame (RFC 9113 §3.4).
  std::set<std::string> http2_sessions() const {
    std::set<std::string> ids;
    std::stringstream ss(testing::read_file(log_file_));
    for (std::string line; std::getline(ss, line);) {
      if (line.find("recv SETTINGS frame") == std::string::npos) continue;
      size_t at = line.find("[id="), end = line.find(']', at);
      if (at != std::string::npos && end != std::string::npos) ids.insert(line.substr(at, end - at + 1));
    }
    return ids;
  }

 private:
  void start(const std::string& binary, const std::string& htdocs, const testing::TestCertificates& certs) {
    port_ = free_loopback_port();
    std::vector<std::string> args = {binary, "--address=127.0.0.1", "--htdocs=" + htdocs, "--verbose",
                                     std::to_string(port_), certs.key_file, certs.cert_file};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, log_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
    pid_t pid = -1;
    int rc = posix_spawn(&pid, binary.c_str(), &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) return;
    // Ready once it accepts; gone (port taken meanwhile) means try another port.
    for (int i = 0; i < 500; ++i) {
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) return;
      if (accepts_connections(port_)) {
        pid_ = pid;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }

  std::string log_file_;
  pid_t pid_ = -1;
  int port_ = -1;
};

// A document root of small pages, nghttpd on it, and a fetcher trusting the test CA.
struct Http2Site {
  testing::ScratchDir dir;
  testing::TestCertificates certs = testing::make_test_certificates(dir);
  std::string htdocs = dir.file("htdocs");
  std::unique_ptr<Nghttpd> server;
  crawler::TransferSettings trust;

  explicit Http2Site(const std::string& binary) {
    std::filesystem::create_directories(htdocs);
    for (int i = 0; i < 8; ++i) dir.write("htdocs/page" + std::to_string(i) + ".html", page(i));
    server = std::make_unique<Nghttpd>(binary, htdocs, certs, dir.file("nghttpd.log"));
    trust.ca_file = certs.ca_file;
  }
  static std::string page(int i) { return "<html><body>page " + std::to_string(i) + "</body></html>\n"; }
  std::string url(int i) const {
    return "https://127.0.0.1:" + std::to_string(server->port()) + "/page" + std::to_string(i) + ".html";
  }
};

// nghttpd's path, or "" after a loud warning: without it the HTTP/2 tests check nothing.
std::string nghttpd_or_warn() {
  std::string binary = find_nghttpd();
  if (binary.empty()) WARN("SKIPPED: nghttpd not found (apt-get install nghttp2-server); HTTP/2 is not tested");
  return binary;
}

}  // namespace

TEST_CASE("over TLS the fetcher negotiates HTTP/2 with a server that offers it", "[fetcher][http2]") {
  const std::string binary = nghttpd_or_warn();
  if (binary.empty()) return;
  Http2Site site(binary);
  crawler::Fetcher f(testing::loopback_fetcher_options());
  auto r = testing::fetch_one(f, testing::get(site.url(3)), site.trust);
  INFO(r.error);
  CHECK(r.status == 200);
  CHECK(r.http_version == 20);
  CHECK(r.body == Http2Site::page(3));
  CHECK(r.connections_opened == 1);
  CHECK(site.server->http2_sessions().size() == 1);
}

TEST_CASE("transfers to an HTTP/2 server share one connection, started together or one after another",
          "[fetcher][http2]") {
  const std::string binary = nghttpd_or_warn();
  if (binary.empty()) return;
  Http2Site site(binary);
  crawler::Fetcher f(testing::loopback_fetcher_options());
  // Six started before any connection exists: they must wait for the first one and multiplex on
  // it, not open six TLS connections to the same host.
  for (int i = 0; i < 6; ++i) f.start(static_cast<uint64_t>(i), testing::get(site.url(i)), site.trust);
  auto together = testing::wait_all(f);
  REQUIRE(together.size() == 6);
  int opened = 0;
  for (const auto& [id, r] : together) {
    INFO("transfer " << id << ": " << r.error);
    CHECK(r.status == 200);
    CHECK(r.http_version == 20);
    CHECK(r.body == Http2Site::page(static_cast<int>(id)));
    opened += r.connections_opened;
  }
  CHECK(opened == 1);
  // Later transfers reuse the connection the fetcher kept open.
  for (int i = 6; i < 8; ++i) {
    auto r = testing::fetch_one(f, testing::get(site.url(i)), site.trust);
    CHECK(r.status == 200);
    CHECK(r.connections_opened == 0);
  }
  // The server's side of the same story: one HTTP/2 session for all eight requests.
  CHECK(site.server->http2_sessions().size() == 1);
}

TEST_CASE("a crawl over HTTP/2 stores the version with each page", "[fetcher][http2][crawl]") {
  const std::string binary = nghttpd_or_warn();
  if (binary.empty()) return;
  Http2Site site(binary);
  testing::ScratchDir dir;
  auto c = testing::store_with_tasks(dir, "h2", 4);
  auto src = testing::fast_source("h2", "https://127.0.0.1:" + std::to_string(site.server->port()) + "/page{query}.html");
  src.ca_file = site.trust.ca_file;
  auto opt = testing::fast_options(std::make_shared<std::vector<std::string>>());
  opt.max_wait_for_due_s = 0;
  auto sum = crawler::run_crawl(c, {src}, opt);
  CHECK(sum.pages_stored == 4);
  CHECK(c.query_int("SELECT count(*) FROM pages WHERE http_version = '2' AND status = 200") == 4);
}
