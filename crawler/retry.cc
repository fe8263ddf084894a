#include "crawler/retry.h"

#include <curl/curl.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "util/parse.h"

namespace tradedig::crawler {

bool is_retryable(const FetchResult& r) {
  if (r.curl_code != 0) {
    switch (static_cast<CURLcode>(r.curl_code)) {
      case CURLE_UNSUPPORTED_PROTOCOL:
      case CURLE_URL_MALFORMAT:
      case CURLE_TOO_MANY_REDIRECTS:
      case CURLE_PEER_FAILED_VERIFICATION:
      case CURLE_SSL_CACERT_BADFILE:
        return false;
      default:
        return true;  // timeouts, resets, truncated bodies, refused connections
    }
  }
  int s = r.status;
  return s == 408 || s == 429 || (s >= 500 && s <= 504) || s == 521;
}

std::optional<double> parse_retry_after(std::string_view value, int64_t now_epoch_s) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    auto n = parse_int(value);
    if (!n) return std::nullopt;
    return static_cast<double>(*n);
  }
  // curl_getdate reads the three HTTP-date shapes (IMF-fixdate, RFC 850, asctime).
  std::string s(value);
  time_t t = curl_getdate(s.c_str(), nullptr);
  if (t < 0) return std::nullopt;
  return std::max(0.0, static_cast<double>(t - now_epoch_s));
}

double backoff_s(const RetryPolicy& p, int attempt, std::mt19937_64& rng) {
  double full = std::min(p.max_backoff_s, p.base_backoff_s * std::pow(2.0, std::max(0, attempt - 1)));
  std::uniform_real_distribution<double> jitter(0.5, 1.0);
  return full * jitter(rng);
}

}  // namespace tradedig::crawler
