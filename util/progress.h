// Progress reporting for long operations (imports, crawls, estimation).
//
// On a terminal it redraws one line on stderr (count, rate, ETA when the total is known) at most
// a few times a second; when stderr is not a terminal (CI, logs, nohup) it prints a plain line
// every ten seconds instead, so logs stay readable. `finish()` always prints the final line.
#pragma once
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

namespace tradedig {

class Progress {
 public:
  // `unit` names what is counted ("rows", "pages"). `total` enables percentage and ETA.
  Progress(std::string label, std::string unit, std::optional<uint64_t> total = std::nullopt);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Cheap enough to call once per row: reads the clock only every 4096 calls.
  void advance(uint64_t n = 1) {
    done_ += n;
    if (((++calls_) & 0xFFF) == 0) maybe_print();
  }
  void set_total(uint64_t total) { total_ = total; }
  uint64_t done() const { return done_; }
  // Prints the closing line ("label: N units in T s (R/s)"). Idempotent.
  void finish();

  // Globally silences all progress output (the CLI's --quiet).
  static void set_enabled(bool on);

 private:
  void maybe_print();
  void print(bool final);

  std::string label_, unit_;
  std::optional<uint64_t> total_;
  uint64_t done_ = 0, calls_ = 0;
  std::chrono::steady_clock::time_point start_, last_print_;
  bool tty_ = false, finished_ = false, drew_line_ = false;
};

}  // namespace tradedig
