// Wall-clock seconds since construction or the last lap(), for the phase timings printed to users.
#pragma once
#include <chrono>

namespace tradedig::util {

class Stopwatch {
 public:
  // Seconds since construction.
  double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  // Seconds since the previous lap() (or construction); starts the next lap.
  double lap() {
    const auto now = Clock::now();
    const double s = std::chrono::duration<double>(now - lap_).count();
    lap_ = now;
    return s;
  }

 private:
  using Clock = std::chrono::steady_clock;
  Clock::time_point start_ = Clock::now(), lap_ = start_;
};

}  // namespace tradedig::util
