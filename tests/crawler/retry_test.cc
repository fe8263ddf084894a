#include <catch2/catch.hpp>

#include "crawler/retry.h"

using namespace tradedig::crawler;

TEST_CASE("Retry-After is read in both forms: seconds and HTTP-date") {
  CHECK(parse_retry_after("7", 1000) == Approx(7.0));
  // Sun, 06 Nov 1994 08:49:37 GMT is 784111777.
  CHECK(*parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 - 30) == Approx(30.0));
  CHECK(*parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 + 30) == Approx(0.0));
  CHECK_FALSE(parse_retry_after("", 0));
  CHECK_FALSE(parse_retry_after("soon", 0));
}

TEST_CASE("timeouts, 408, 429, 500-504 and 521 are retried; redirect loops and 404 are not") {
  FetchResult r;
  for (int s : {408, 429, 500, 502, 503, 504, 521}) {
    r.status = s;
    CHECK(is_retryable(r));
  }
  for (int s : {200, 304, 403, 404, 410}) {
    r.status = s;
    CHECK_FALSE(is_retryable(r));
  }
  r.status = 0;
  r.curl_code = 28;  // CURLE_OPERATION_TIMEDOUT
  CHECK(is_retryable(r));
  r.curl_code = 47;  // CURLE_TOO_MANY_REDIRECTS
  CHECK_FALSE(is_retryable(r));
}

TEST_CASE("back-off doubles per attempt with jitter between half and all of it, capped") {
  RetryPolicy p;
  p.base_backoff_s = 1;
  p.max_backoff_s = 10;
  std::mt19937_64 rng(42);
  for (int i = 0; i < 100; ++i) {
    double b3 = backoff_s(p, 3, rng);
    CHECK(b3 >= 2.0);
    CHECK(b3 <= 4.0);
    double b10 = backoff_s(p, 10, rng);
    CHECK(b10 >= 5.0);
    CHECK(b10 <= 10.0);
  }
}
