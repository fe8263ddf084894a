#include "crawler/fetcher.h"

#include <curl/curl.h>

#include <algorithm>
#include <charconv>
#include <mutex>
#include <stdexcept>

#include "util/parse.h"

namespace tradedig::crawler {

struct Fetcher::Transfer {
  uint64_t id = 0;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::string post_body;
  FetchResult result;
  char error_detail[CURL_ERROR_SIZE] = {};  // curl's specific message (CURLOPT_ERRORBUFFER)
  ~Transfer() {
    if (easy) curl_easy_cleanup(easy);
    if (headers) curl_slist_free_all(headers);
  }
};

namespace {

size_t on_body(char* data, size_t size, size_t n, void* user) {
  static_cast<FetchResult*>(user)->body.append(data, size * n);
  return size * n;
}

// Called once per header line of every response in a redirect chain; a status line starts a new
// response, so only the final response's headers are kept.
size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* r = static_cast<FetchResult*>(user);
  std::string_view line(data, size * n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.rfind("HTTP/", 0) == 0) {
    r->headers.clear();
  } else if (size_t colon = line.find(':'); colon != std::string_view::npos) {
    r->headers.emplace_back(to_lower_ascii(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
    // The body buffer is sized once instead of doubling through appends (each a copy of what came
    // so far). Only a hint: a compressed body decodes larger, a lying server is capped.
    if (r->headers.back().first == "content-length") {
      constexpr size_t kMaxReserve = size_t{16} << 20;
      const std::string& v = r->headers.back().second;
      size_t len = 0;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), len);
      if (ec == std::errc() && end == v.data() + v.size()) r->body.reserve(std::min(len, kMaxReserve));
    }
  }
  return size * n;
}

// curl's generic message for the code, then its specific one ("SSL certificate problem: ...").
// A failed certificate check is said in plain words: it is what a user behind a TLS-intercepting
// proxy or a site with a private CA sees, and the fix (ca_file) is not guessable from curl's text.
std::string transfer_error(CURLcode code, const char* detail) {
  std::string generic = curl_easy_strerror(code);
  if (code == CURLE_PEER_FAILED_VERIFICATION)
    return std::string("the server's TLS certificate could not be verified (") + (*detail ? detail : generic.c_str()) +
           "); a server with a private CA needs the source's ca_file";
  if (!*detail || generic == detail) return generic;
  return generic + ": " + detail;
}

int http_version_number(long v) {
  switch (v) {
    case CURL_HTTP_VERSION_1_0: return 10;
    case CURL_HTTP_VERSION_1_1: return 11;
    case CURL_HTTP_VERSION_2_0: return 20;
    case CURL_HTTP_VERSION_3: return 30;
    default: return 0;
  }
}

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

const char* env_value(const char* lower, const char* upper) {
  const char* v = std::getenv(lower);
  if (!v || !*v) v = std::getenv(upper);
  return v && *v ? v : nullptr;
}

}  // namespace

// curl reads http_proxy in lower case only (HTTP_PROXY can be set by a CGI request header).
std::string environment_proxy() {
  std::string out;
  for (auto [lower, upper] : {std::pair{"http_proxy", "http_proxy"}, std::pair{"https_proxy", "HTTPS_PROXY"},
                              std::pair{"all_proxy", "ALL_PROXY"}})
    if (const char* v = env_value(lower, upper))
      out += (out.empty() ? "" : ", ") + std::string(lower) + "=" + proxy_for_log(v);
  if (const char* v = env_value("no_proxy", "NO_PROXY"); v && !out.empty()) out += std::string(", no_proxy=") + v;
  return out;
}

std::string proxy_for_log(std::string_view url) {
  const size_t scheme = url.find("://");
  const size_t host = scheme == std::string_view::npos ? 0 : scheme + 3;
  const size_t at = url.find('@', host);
  if (at == std::string_view::npos || url.find('/', host) < at) return std::string(url);
  return std::string(url.substr(0, host)) + "***" + std::string(url.substr(at));
}

namespace {

// curl's NOPROXY replaces the environment's no_proxy, so that list is carried over. A lone "*"
// already bypasses every host (curl treats "*" as a wildcard only when it is the whole list).
std::string no_proxy_with_loopback() {
  const char* env = env_value("no_proxy", "NO_PROXY");
  if (env && std::string_view(env) == "*") return "*";
  std::string list = env ? std::string(env) + "," : std::string();
  return list + "localhost,127.0.0.0/8,::1";
}

}  // namespace

Fetcher::Fetcher(FetcherOptions opt) : opt_(std::move(opt)), no_proxy_(no_proxy_with_loopback()) {
  global_init_once();
  multi_ = curl_multi_init();
  if (!multi_) throw std::runtime_error("curl_multi_init failed");
  curl_multi_setopt(static_cast<CURLM*>(multi_), CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  curl_slist* rl = nullptr;
  for (const auto& r : opt_.resolve) rl = curl_slist_append(rl, r.c_str());
  resolve_list_ = rl;
}

Fetcher::~Fetcher() {
  auto* m = static_cast<CURLM*>(multi_);
  for (auto& [easy, t] : transfers_) curl_multi_remove_handle(m, static_cast<CURL*>(easy));
  transfers_.clear();
  curl_multi_cleanup(m);
  curl_slist_free_all(static_cast<curl_slist*>(resolve_list_));
}

void Fetcher::start(uint64_t id, const FetchRequest& req, const TransferSettings& settings) {
  auto t = std::make_unique<Transfer>();
  t->id = id;
  if (!spare_bodies_.empty()) {
    t->result.body = std::move(spare_bodies_.back());
    spare_bodies_.pop_back();
  }
  t->easy = curl_easy_init();
  if (!t->easy) throw std::runtime_error("curl_easy_init failed");
  CURL* e = t->easy;
  curl_easy_setopt(e, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &t->result);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, &t->result);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error_detail);
  curl_easy_setopt(e, CURLOPT_USERAGENT, opt_.user_agent.c_str());
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl can decode
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);
  // Without this, transfers to one HTTPS host started before its first connection is up each open
  // their own (six at once: six TLS handshakes, six HTTP/2 sessions). Waiting costs at most that
  // handshake; plain http:// never speaks HTTP/2 here, so it does not wait.
  if (to_lower_ascii(std::string_view(req.url).substr(0, 8)) == "https://") curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(e, CURLOPT_MAXREDIRS, static_cast<long>(opt_.max_redirects));
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(opt_.connect_timeout_s * 1000));
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(opt_.total_timeout_s * 1000));
  curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, opt_.low_speed_bytes_per_s);
  curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, opt_.low_speed_time_s);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
  if (resolve_list_) curl_easy_setopt(e, CURLOPT_RESOLVE, static_cast<curl_slist*>(resolve_list_));
  if (settings.proxy == "none") {
    curl_easy_setopt(e, CURLOPT_PROXY, "");  // "" disables proxies, the environment's too
  } else if (!settings.proxy.empty()) {
    curl_easy_setopt(e, CURLOPT_PROXY, settings.proxy.c_str());
    curl_easy_setopt(e, CURLOPT_NOPROXY, "");  // the source asked for it: no_proxy does not apply
  } else {
    curl_easy_setopt(e, CURLOPT_NOPROXY, no_proxy_.c_str());
  }
  if (!settings.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, settings.ca_file.c_str());
  if (!settings.cookie_file.empty()) {
    curl_easy_setopt(e, CURLOPT_COOKIEFILE, settings.cookie_file.c_str());
    curl_easy_setopt(e, CURLOPT_COOKIEJAR, settings.cookie_file.c_str());
  }
  for (const auto& [k, v] : req.headers) t->headers = curl_slist_append(t->headers, (k + ": " + v).c_str());
  if (t->headers) curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
  if (req.method == "POST") {
    t->post_body = req.body;
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, t->post_body.c_str());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, static_cast<long>(t->post_body.size()));
  } else if (req.method != "GET") {
    curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  }
  curl_multi_add_handle(static_cast<CURLM*>(multi_), e);
  transfers_.emplace(e, std::move(t));
}

std::vector<std::pair<uint64_t, FetchResult>> Fetcher::poll(int timeout_ms) {
  auto* m = static_cast<CURLM*>(multi_);
  std::vector<std::pair<uint64_t, FetchResult>> done;
  int running = 0;
  curl_multi_perform(m, &running);
  curl_multi_poll(m, nullptr, 0, timeout_ms, nullptr);
  curl_multi_perform(m, &running);
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(m, &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL* e = msg->easy_handle;
    auto it = transfers_.find(e);
    if (it == transfers_.end()) continue;
    Transfer& t = *it->second;
    FetchResult& r = t.result;
    r.curl_code = static_cast<int>(msg->data.result);
    if (r.curl_code != 0) r.error = transfer_error(msg->data.result, t.error_detail);
    r.timed_out = msg->data.result == CURLE_OPERATION_TIMEDOUT;
    long status = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    r.status = static_cast<int>(status);
    char* final_url = nullptr;
    curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &final_url);
    if (final_url) r.final_url = final_url;
    curl_easy_getinfo(e, CURLINFO_TOTAL_TIME, &r.seconds);
    long version = 0, connects = 0;
    curl_easy_getinfo(e, CURLINFO_HTTP_VERSION, &version);
    r.http_version = r.status ? http_version_number(version) : 0;
    curl_easy_getinfo(e, CURLINFO_NUM_CONNECTS, &connects);
    r.connections_opened = static_cast<int>(connects);
    curl_multi_remove_handle(m, e);
    done.emplace_back(t.id, std::move(r));
    transfers_.erase(it);
  }
  return done;
}

void Fetcher::recycle(std::string&& body) {
  // Enough for every transfer in flight; a rare multi-megabyte body is not kept.
  constexpr size_t kMaxSpare = 64, kMaxCapacity = size_t{1} << 20;
  if (spare_bodies_.size() >= kMaxSpare || body.capacity() > kMaxCapacity || body.capacity() == 0) return;
  body.clear();
  spare_bodies_.push_back(std::move(body));
}

}  // namespace tradedig::crawler
