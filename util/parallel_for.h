// Runs independent pieces of work on the machine's cores.
//
//   util::parallel_for(columns, [&](size_t j) { demean(col(j)); });
//   util::parallel_for(names.size(), [&](size_t i) { keys[i] = parse(names[i]); }, 0, /*block=*/64);
//
// fn(i) is called once for every i in [0, n), from up to `threads` threads (0 = one per core, at
// most 8), the calling thread included; fn must be safe to call concurrently for different i.
// Indices are handed out `block` at a time (1 balances uneven pieces; larger blocks cut the
// hand-out cost for many tiny ones). If a call throws, no new index is started and the first
// exception is rethrown in the caller once every thread has stopped.
// parallel_for_with_progress also calls tick(done) from the calling thread after each of its
// blocks, and once at the end with n (for progress display).
#pragma once
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace tradedig::util {

// The threads used when none are asked for: one per core, at most 8.
inline size_t default_threads() { return std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8); }

template <class Fn, class Tick>
void parallel_for_with_progress(size_t n, Fn&& fn, Tick&& tick, size_t threads = 0, size_t block = 1) {
  block = std::max<size_t>(block, 1);
  std::atomic<size_t> next{0}, done{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  // Runs one block; returns the count of indices done so far.
  auto run_block = [&](size_t begin) {
    const size_t end = std::min(n, begin + block);
    try {
      for (size_t i = begin; i < end && !failed; ++i) fn(i);
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
      failed = true;
    }
    return done.fetch_add(end - begin) + (end - begin);
  };
  auto work = [&] {
    for (size_t begin; !failed && (begin = next.fetch_add(block)) < n;) run_block(begin);
  };
  const size_t blocks = (n + block - 1) / block;
  const size_t n_threads = std::min(threads ? threads : default_threads(), std::max<size_t>(blocks, 1));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < n_threads; ++t) pool.emplace_back(work);
  for (size_t begin; !failed && (begin = next.fetch_add(block)) < n;) tick(run_block(begin));
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  tick(n);
}

template <class Fn>
void parallel_for(size_t n, Fn&& fn, size_t threads = 0, size_t block = 1) {
  parallel_for_with_progress(n, std::forward<Fn>(fn), [](size_t) {}, threads, block);
}

}  // namespace tradedig::util
