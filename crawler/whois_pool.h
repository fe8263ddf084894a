// Port-43 exchanges off the engine's thread: a few worker threads run whois_query (which blocks on
// its socket for up to total_timeout_s) and hand the replies back by id, so the event loop that
// drives the HTTP transfers keeps turning. The pool knows nothing about politeness: the engine
// decides what starts when, exactly as it does for the HTTP fetcher.
//
//   WhoisPool pool(4);
//   pool.start(7, "whois.cnnic.cn", "example.cn", options);
//   for (auto& [id, reply] : pool.poll(50)) ...
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "crawler/whois_client.h"

namespace tradedig::crawler {

class WhoisPool {
 public:
  // Threads are started on demand, up to `max_threads` (at least 1).
  explicit WhoisPool(int max_threads);
  ~WhoisPool();  // waits for running exchanges (each ends within its total timeout); drops queued ones
  WhoisPool(const WhoisPool&) = delete;
  WhoisPool& operator=(const WhoisPool&) = delete;

  // Queues one exchange; its reply comes back from poll() with `id`.
  void start(uint64_t id, std::string server, std::string query, WhoisQueryOptions opt);
  // Finished exchanges, waiting up to timeout_ms for the first one when none is ready.
  std::vector<std::pair<uint64_t, WhoisReply>> poll(int timeout_ms);
  size_t in_flight() const;  // queued or running, not yet returned by poll()

 private:
  struct Work {
    uint64_t id;
    std::string server, query;
    WhoisQueryOptions opt;
  };
  void work();

  const size_t max_threads_;
  mutable std::mutex mu_;
  std::condition_variable work_cv_, done_cv_;
  std::deque<Work> queue_;
  std::vector<std::pair<uint64_t, WhoisReply>> done_;
  std::vector<std::thread> threads_;
  size_t idle_ = 0, in_flight_ = 0;
  bool stopping_ = false;
};

}  // namespace tradedig::crawler
