// Politeness and health of one host: minimum delay, concurrency cap, adaptive delay, pauses
// (Retry-After, back-off), a circuit breaker and a stall limit.
//
// Times are seconds on a monotonic clock chosen by the caller.
#pragma once
#include <string>

#include "crawler/crawler.h"

namespace tradedig::crawler {

class HostThrottle {
 public:
  HostThrottle(const Politeness& p, const RetryPolicy& r, double now);

  // True when a request may start now: below the concurrency cap, the delay since the last start
  // has passed, the host is not paused and not given up. A half-open breaker admits one request.
  bool can_start(double now) const;
  // The earliest time can_start may turn true (ignoring the concurrency cap).
  double ready_at() const;
  void on_start(double now);
  // A response arrived (any status): adapts the delay. `good` = a 200-class useful answer; only
  // good responses may shorten the delay (Scrapy's AutoThrottle rule, so errors never speed us up).
  void on_response(double latency_s, bool good);
  void on_finish() { --in_flight_; }

  // Bookkeeping for the breaker and the stall limit. record_failure returns true when this
  // failure opened (or re-opened) the breaker.
  void record_success(double now);
  bool record_failure(double now);
  void pause_until(double t);
  // Raises the minimum delay (robots.txt Crawl-delay).
  void raise_min_delay(double s);

  bool stalled(double now) const;  // no success for stall_limit_s while failures continue
  void give_up() { given_up_ = true; }
  bool given_up() const { return given_up_; }
  int in_flight() const { return in_flight_; }
  double delay_s() const { return delay_; }
  double paused_until() const { return paused_until_; }

 private:
  Politeness pol_;
  RetryPolicy retry_;
  double delay_;
  double last_start_ = -1e18;
  double paused_until_ = 0;
  double last_success_;
  double cooldown_;
  int in_flight_ = 0;
  int consecutive_failures_ = 0;
  bool half_open_ = false;
  bool given_up_ = false;
};

}  // namespace tradedig::crawler
