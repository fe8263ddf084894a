// Internal to matcher/ (and its benchmark): sharing independent work out over the cores.
#pragma once
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace tradedig::matcher {

// The cores to use by default: all of them, at most 8.
inline size_t default_threads() { return std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8); }

// Calls fn(i) for every i in [0, n) on `threads` threads, the calling one included, handing out
// blocks of `block` consecutive indexes. fn must be thread-safe and must not throw.
template <class Fn>
void parallel_for(size_t n, size_t threads, Fn&& fn, size_t block = 1) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t begin; (begin = next.fetch_add(block)) < n;)
      for (size_t i = begin; i < std::min(n, begin + block); ++i) fn(i);
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < std::min(threads, (n + block - 1) / block); ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

}  // namespace tradedig::matcher
