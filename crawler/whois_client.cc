#include "crawler/whois_client.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "util/parse.h"

namespace tradedig::crawler {

namespace {

using Clock = std::chrono::steady_clock;

int ms_left(Clock::time_point deadline) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return ms > 0 ? static_cast<int>(ms) : 0;
}

// Closes the descriptor on every return path.
struct Socket {
  int fd = -1;
  ~Socket() {
    if (fd >= 0) ::close(fd);
  }
};

// "host", "host:port", "[::1]:port" -> host, port ("43" by default).
std::pair<std::string, std::string> split_host_port(const std::string& s) {
  if (!s.empty() && s[0] == '[') {
    size_t close = s.find(']');
    std::string host = s.substr(1, close == std::string::npos ? std::string::npos : close - 1);
    if (close != std::string::npos && close + 1 < s.size() && s[close + 1] == ':') return {host, s.substr(close + 2)};
    return {host, "43"};
  }
  size_t colon = s.rfind(':');
  if (colon != std::string::npos && s.find(':') == colon) return {s.substr(0, colon), s.substr(colon + 1)};
  return {s, "43"};
}

// Connects to the first address of host:port that answers before the deadline; "" or an error.
std::string connect_to(Socket& sock, const std::string& host, const std::string& port, Clock::time_point deadline) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &res); rc != 0)
    return "cannot resolve " + host + ": " + ::gai_strerror(rc);
  std::string error = "no address for " + host;
  for (addrinfo* ai = res; ai; ai = ai->ai_next) {
    Socket s;
    s.fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (s.fd < 0) continue;
    if (::connect(s.fd, ai->ai_addr, ai->ai_addrlen) != 0 && errno != EINPROGRESS) {
      error = "cannot connect to " + host + ":" + port + ": " + std::strerror(errno);
      continue;
    }
    pollfd p{s.fd, POLLOUT, 0};
    int n = ::poll(&p, 1, ms_left(deadline));
    if (n == 0) {
      error = "connection to " + host + ":" + port + " timed out";
      break;
    }
    int soerr = 0;
    socklen_t len = sizeof soerr;
    ::getsockopt(s.fd, SOL_SOCKET, SO_ERROR, &soerr, &len);
    if (n < 0 || soerr != 0) {
      error = "cannot connect to " + host + ":" + port + ": " + std::strerror(n < 0 ? errno : soerr);
      continue;
    }
    sock.fd = s.fd;
    s.fd = -1;
    error.clear();
    break;
  }
  ::freeaddrinfo(res);
  return error;
}

}  // namespace

WhoisReply whois_query(const std::string& server, const std::string& query, const WhoisQueryOptions& opt) {
  WhoisReply r;
  r.server = server;
  const auto t0 = Clock::now();
  const auto total_deadline = t0 + std::chrono::milliseconds(static_cast<long>(opt.total_timeout_s * 1000));
  const auto connect_deadline =
      std::min(total_deadline, t0 + std::chrono::milliseconds(static_cast<long>(opt.connect_timeout_s * 1000)));
  auto finish = [&](std::string error) {
    r.error = std::move(error);
    r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return r;
  };
  if (query.find_first_of("\r\n") != std::string::npos) return finish("a WHOIS query cannot contain a line break");

  auto [host, port] = split_host_port(server);
  if (auto it = opt.server_addresses.find(to_lower_ascii(host)); it != opt.server_addresses.end())
    std::tie(host, port) = split_host_port(it->second);
  Socket sock;
  if (std::string e = connect_to(sock, host, port, connect_deadline); !e.empty()) return finish(e);

  const std::string line = query + "\r\n";
  size_t sent = 0;
  while (sent < line.size()) {
    ssize_t n = ::send(sock.fd, line.data() + sent, line.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
      return finish(std::string("cannot send the query: ") + std::strerror(errno));
    pollfd p{sock.fd, POLLOUT, 0};
    if (::poll(&p, 1, ms_left(total_deadline)) <= 0) return finish("timed out sending the query");
  }

  char buf[16384];
  for (;;) {
    pollfd p{sock.fd, POLLIN, 0};
    int ready = ::poll(&p, 1, ms_left(total_deadline));
    if (ready == 0) return finish("timed out after " + std::to_string(r.text.size()) + " bytes of reply");
    if (ready < 0 && errno != EINTR) return finish(std::string("poll failed: ") + std::strerror(errno));
    ssize_t n = ::recv(sock.fd, buf, sizeof buf, 0);
    if (n == 0) break;  // the server closes the connection to end its reply (RFC 3912)
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
      // Some servers reset instead of closing; what arrived before is the reply.
      if (errno == ECONNRESET && !r.text.empty()) break;
      return finish(std::string("cannot read the reply: ") + std::strerror(errno));
    }
    r.text.append(buf, static_cast<size_t>(n));
    if (r.text.size() >= opt.max_bytes) {
      r.text.resize(opt.max_bytes);
      r.truncated = true;
      break;
    }
  }
  if (trim(r.text).empty()) return finish("empty reply");
  return finish("");
}

std::string whois_referral(std::string_view reply, std::string_view domain) {
  const std::string want = to_lower_ascii(trim(domain));
  std::string first;        // the first referral anywhere: used when no record names `domain`
  bool saw_domain = false;  // a "Domain Name: <domain>" line was seen
  bool in_record = false;   // inside that record
  for (const std::string& text_line : split_any(reply, {"\n"})) {
    std::string_view line = text_line;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string key = to_lower_ascii(trim(line.substr(0, colon)));
    std::string_view value = trim(line.substr(colon + 1));
    if (key == "domain name" || key == "server name") {
      in_record = !want.empty() && to_lower_ascii(value) == want;
      saw_domain = saw_domain || in_record;
      continue;
    }
    if (key != "registrar whois server" && key != "whois server") continue;
    std::string host = to_lower_ascii(value);
    if (size_t scheme = host.find("://"); scheme != std::string::npos) host = host.substr(scheme + 3);
    host = host.substr(0, host.find('/'));
    if (host.empty()) continue;
    if (in_record) return host;
    if (first.empty()) first = host;
  }
  return saw_domain ? std::string() : first;
}

}  // namespace tradedig::crawler
