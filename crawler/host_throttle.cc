#include "crawler/host_throttle.h"

#include <algorithm>

namespace tradedig::crawler {

HostThrottle::HostThrottle(const Politeness& p, const RetryPolicy& r, double now)
    : pol_(p), retry_(r), delay_(p.min_delay_s), last_success_(now), cooldown_(r.breaker_cooldown_s) {}

bool HostThrottle::can_start(double now) const {
  if (given_up_ || now < ready_at()) return false;
  if (half_open_) return in_flight_ == 0;
  return in_flight_ < std::max(1, pol_.max_concurrency);
}

double HostThrottle::ready_at() const { return std::max(last_start_ + delay_, paused_until_); }

void HostThrottle::on_start(double now) {
  last_start_ = now;
  ++in_flight_;
}

void HostThrottle::on_response(double latency_s, bool good) {
  if (!pol_.autothrottle) return;
  // AutoThrottle (docs.scrapy.org topics/autothrottle): aim for target_concurrency requests in
  // flight, i.e. a delay of latency / target; move half-way there, never below that target.
  double target = latency_s / std::max(0.1, pol_.target_concurrency);
  double next = std::max(target, (delay_ + target) / 2);
  next = std::clamp(next, pol_.min_delay_s, std::max(pol_.min_delay_s, pol_.max_delay_s));
  if (!good && next <= delay_) return;
  delay_ = next;
}

void HostThrottle::record_success(double now) {
  last_success_ = now;
  consecutive_failures_ = 0;
  half_open_ = false;
  cooldown_ = retry_.breaker_cooldown_s;
}

bool HostThrottle::record_failure(double now) {
  ++consecutive_failures_;
  if (!half_open_ && consecutive_failures_ < std::max(1, retry_.breaker_threshold)) return false;
  // Open: pause the host; afterwards let one probe through (half-open). A failed probe re-opens
  // with a doubled cooldown.
  pause_until(now + cooldown_);
  cooldown_ = std::min(cooldown_ * 2, retry_.breaker_cooldown_s * 16);
  consecutive_failures_ = 0;
  half_open_ = true;
  return true;
}

void HostThrottle::pause_until(double t) { paused_until_ = std::max(paused_until_, t); }

void HostThrottle::raise_min_delay(double s) {
  pol_.min_delay_s = std::max(pol_.min_delay_s, s);
  delay_ = std::max(delay_, pol_.min_delay_s);
}

bool HostThrottle::stalled(double now) const { return now - last_success_ > retry_.stall_limit_s; }

}  // namespace tradedig::crawler
