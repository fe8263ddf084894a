// Which failures are worth another try, and how long to wait before it.
#pragma once
#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

#include "crawler/crawler.h"

namespace tradedig::crawler {

// Timeouts and transient transport errors, 408, 429, 500-504 and 521 (Jiasule / Cloudflare).
// Not: redirect loops, malformed URLs, TLS verification failures, other statuses.
bool is_retryable(const FetchResult& r);

// Seconds to wait from a Retry-After value in either form RFC 9110 allows: delay-seconds ("7") or
// an HTTP-date ("Sun, 06 Nov 1994 08:49:37 GMT"), relative to `now_epoch_s`. Nullopt when absent
// or unparseable; a date in the past gives 0.
std::optional<double> parse_retry_after(std::string_view value, int64_t now_epoch_s);

// Exponential back-off for the attempt-th retry (1-based): base * 2^(attempt-1), capped, with the
// wait drawn uniformly from [50%, 100%] of it so that many tasks do not retry in lock-step.
double backoff_s(const RetryPolicy& p, int attempt, std::mt19937_64& rng);

}  // namespace tradedig::crawler
