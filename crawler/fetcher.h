// HTTP transfers on the libcurl multi interface: one event loop, many transfers in flight.
//
// The fetcher knows nothing about politeness or retries (the engine decides when to start what);
// it only moves bytes: HTTP/1.1 and HTTP/2, gzip/deflate/br, connection reuse across transfers,
// TLS verification on, connect/total/low-speed timeouts, a redirect limit, proxy and cookie file.
//
// HTTPS: the peer's certificate chain and host name are always verified; there is no switch to turn
// that off. A server whose certificate no system CA signed (a private CA, a TLS-intercepting
// institutional proxy) is trusted by naming its CA in the source's ca_file. A failed verification
// comes back as curl_code 60 with an error saying the certificate could not be verified.
// HTTP/2 is offered by ALPN on HTTPS (plain http:// stays HTTP/1.1); transfers to the same HTTPS
// host started together wait for the first connection and share it when the server speaks HTTP/2.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "crawler/fetch_types.h"

namespace tradedig::crawler {

struct FetcherOptions {
  std::string user_agent;
  double connect_timeout_s = 15, total_timeout_s = 60;
  long low_speed_bytes_per_s = 100;   // slower than this for low_speed_time_s aborts the transfer
  long low_speed_time_s = 30;
  int max_redirects = 5;
  std::vector<std::string> resolve;   // "host:port:address"
};

// Per-transfer settings that depend on the source (users in mainland China need a proxy and cookies).
//
// proxy: a URL ("socks5h://127.0.0.1:1080", "http://127.0.0.1:8080") sends every request of the
// transfer through it, whatever no_proxy says; "none" goes direct whatever the environment says;
// "" follows the environment as curl and Scrapy do (http_proxy, https_proxy, all_proxy, no_proxy),
// except that loopback hosts (localhost, 127.0.0.0/8, ::1: the replay server, a local mirror) are
// always reached directly. environment_proxy() says what "" amounts to, for a log line.
struct TransferSettings {
  std::string proxy;
  std::string cookie_file;  // Netscape cookie file: cookies sent from it, Set-Cookie written back
  std::string ca_file;      // PEM CA certificates also trusted (curl CAINFO); "" = the system store
};

// The proxy variables of the environment that a transfer with proxy "" follows, as
// "https_proxy=http://..., no_proxy=..." for a log line; "" when none is set.
std::string environment_proxy();

// A proxy URL fit for a log: "http://user:secret@host:8080" becomes "http://***@host:8080".
std::string proxy_for_log(std::string_view url);

class Fetcher {
 public:
  explicit Fetcher(FetcherOptions opt);
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Starts a transfer; `id` comes back with its result from poll().
  void start(uint64_t id, const FetchRequest& req, const TransferSettings& settings = {});
  // Drives all transfers, waiting up to timeout_ms for network activity; returns finished ones.
  std::vector<std::pair<uint64_t, FetchResult>> poll(int timeout_ms);
  size_t in_flight() const { return transfers_.size(); }
  // Hands back a body buffer poll() returned, once its bytes are no longer needed: later transfers
  // write into it, so a crawl of 100 KB pages does not allocate and fault in fresh memory per page.
  void recycle(std::string&& body);

 private:
  struct Transfer;
  FetcherOptions opt_;
  std::string no_proxy_;   // the environment's no_proxy plus the loopback hosts
  void* multi_ = nullptr;  // CURLM*
  void* resolve_list_ = nullptr;  // curl_slist*
  std::map<void*, std::unique_ptr<Transfer>> transfers_;  // by CURL* handle
  std::vector<std::string> spare_bodies_;                  // emptied buffers for the next transfers
};

}  // namespace tradedig::crawler
