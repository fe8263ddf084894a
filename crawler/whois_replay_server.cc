#include "crawler/whois_replay_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "util/parse.h"

namespace tradedig::crawler {

struct WhoisReplayServer::Impl {
  std::string dir, file_template;
  int listen_fd = -1, port = 0;
  std::thread thread;
  std::atomic<bool> stopping{false};
  mutable std::mutex mu;
  std::map<std::string, std::string> replies;
  std::optional<std::pair<int, std::string>> rate_limit;
  std::vector<std::string> log;
  std::vector<double> times;  // of log's entries
  std::chrono::steady_clock::time_point started;

  std::string reply_for(const std::string& query) {
    const std::string q = to_lower_ascii(trim(query));
    {
      std::lock_guard lock(mu);
      if (rate_limit && static_cast<int>(log.size()) >= rate_limit->first) return rate_limit->second;
      if (auto it = replies.find(q); it != replies.end()) return it->second;
    }
    if (!dir.empty() && !q.empty() && q.find('/') == std::string::npos && q.find("..") == std::string::npos) {
      std::string name = file_template;
      std::string tld = q.substr(q.rfind('.') == std::string::npos ? 0 : q.rfind('.') + 1);
      for (auto [key, value] : {std::pair<std::string, std::string>{"{query}", q}, {"{tld}", tld}})
        for (size_t at; (at = name.find(key)) != std::string::npos;) name.replace(at, key.size(), value);
      std::ifstream in(std::filesystem::path(dir) / name, std::ios::binary);
      if (in) {
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
      }
    }
    std::string upper = q;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return "No match for \"" + upper + "\".\r\n>>> Last update of whois database: 2025-01-01T00:00:00Z <<<\r\n";
  }

  // One connection: read the query line (2 s at most), answer, close.
  void serve(int fd) {
    std::string line;
    char buf[1024];
    while (line.find('\n') == std::string::npos && line.size() < 4096) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 2000) <= 0) break;
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      line.append(buf, static_cast<size_t>(n));
    }
    const double at = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::string query = line.substr(0, line.find_first_of("\r\n"));
    std::string reply = reply_for(query);
    {
      std::lock_guard lock(mu);
      log.push_back(query);
      times.push_back(at);
    }
    for (size_t sent = 0; sent < reply.size();) {
      ssize_t n = ::send(fd, reply.data() + sent, reply.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<size_t>(n);
    }
    ::close(fd);
  }

  void loop() {
    while (!stopping) {
      pollfd p{listen_fd, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd >= 0) serve(fd);
    }
  }
};

WhoisReplayServer::WhoisReplayServer(std::string dir, std::string file_template) : impl_(std::make_unique<Impl>()) {
  impl_->dir = std::move(dir);
  impl_->file_template = std::move(file_template);
}

WhoisReplayServer::~WhoisReplayServer() { stop(); }

int WhoisReplayServer::start(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("whois replay server: cannot create a socket");
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 16) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("whois replay server: cannot bind 127.0.0.1:" + std::to_string(port));
  }
  impl_->listen_fd = fd;
  impl_->port = ntohs(addr.sin_port);
  impl_->stopping = false;
  impl_->started = std::chrono::steady_clock::now();
  impl_->thread = std::thread([this] { impl_->loop(); });
  return impl_->port;
}

void WhoisReplayServer::stop() {
  if (!impl_ || !impl_->thread.joinable()) return;
  impl_->stopping = true;
  impl_->thread.join();
  ::close(impl_->listen_fd);
  impl_->listen_fd = -1;
}

std::string WhoisReplayServer::address() const { return "127.0.0.1:" + std::to_string(impl_->port); }

void WhoisReplayServer::add_reply(const std::string& query, std::string reply) {
  std::lock_guard lock(impl_->mu);
  impl_->replies[to_lower_ascii(trim(query))] = std::move(reply);
}

void WhoisReplayServer::rate_limit_after(int n, std::string reply) {
  std::lock_guard lock(impl_->mu);
  impl_->rate_limit = std::make_pair(n, std::move(reply));
}

std::vector<std::string> WhoisReplayServer::queries() const {
  std::lock_guard lock(impl_->mu);
  return impl_->log;
}

std::vector<double> WhoisReplayServer::query_times() const {
  std::lock_guard lock(impl_->mu);
  return impl_->times;
}

}  // namespace tradedig::crawler
