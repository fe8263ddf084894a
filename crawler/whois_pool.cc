#include "crawler/whois_pool.h"

#include <algorithm>
#include <chrono>

namespace tradedig::crawler {

WhoisPool::WhoisPool(int max_threads) : max_threads_(static_cast<size_t>(std::max(1, max_threads))) {}

WhoisPool::~WhoisPool() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    queue_.clear();
  }
  work_cv_.notify_all();
  for (auto& t : threads_) t.join();
}

void WhoisPool::start(uint64_t id, std::string server, std::string query, WhoisQueryOptions opt) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back({id, std::move(server), std::move(query), std::move(opt)});
    ++in_flight_;
    // A new thread only when every existing one is busy: most crawls need one or two.
    if (idle_ < queue_.size() && threads_.size() < max_threads_) threads_.emplace_back([this] { work(); });
  }
  work_cv_.notify_one();
}

void WhoisPool::work() {
  std::unique_lock lock(mu_);
  for (;;) {
    ++idle_;
    work_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    --idle_;
    if (stopping_) return;
    Work w = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    WhoisReply reply = whois_query(w.server, w.query, w.opt);
    lock.lock();
    done_.emplace_back(w.id, std::move(reply));
    done_cv_.notify_all();
  }
}

std::vector<std::pair<uint64_t, WhoisReply>> WhoisPool::poll(int timeout_ms) {
  std::unique_lock lock(mu_);
  if (done_.empty() && timeout_ms > 0)
    done_cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [this] { return !done_.empty(); });
  std::vector<std::pair<uint64_t, WhoisReply>> out;
  out.swap(done_);
  in_flight_ -= out.size();
  return out;
}

size_t WhoisPool::in_flight() const {
  std::lock_guard lock(mu_);
  return in_flight_;
}

}  // namespace tradedig::crawler
