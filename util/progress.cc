#include "util/progress.h"

#include <unistd.h>

#include <atomic>

#include <fmt/format.h>

namespace tradedig {
namespace {
std::atomic<bool> g_enabled{true};

std::string human_count(double v) {
  if (v >= 1e9) return fmt::format("{:.2f}G", v / 1e9);
  if (v >= 1e6) return fmt::format("{:.2f}M", v / 1e6);
  if (v >= 1e4) return fmt::format("{:.1f}k", v / 1e3);
  return fmt::format("{:.0f}", v);
}

std::string human_seconds(double s) {
  if (s < 60) return fmt::format("{:.1f}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
  return fmt::format("{}h{:02}m", static_cast<int>(s) / 3600, (static_cast<int>(s) % 3600) / 60);
}
}  // namespace

void Progress::set_enabled(bool on) { g_enabled = on; }

Progress::Progress(std::string label, std::string unit, std::optional<uint64_t> total)
    : label_(std::move(label)), unit_(std::move(unit)), total_(total) {
  start_ = last_print_ = std::chrono::steady_clock::now();
  tty_ = isatty(STDERR_FILENO) != 0;
}

Progress::~Progress() {
  if (drew_line_ && !finished_ && tty_ && g_enabled) std::fputs("\n", stderr);
}

void Progress::maybe_print() {
  if (!g_enabled) return;
  auto now = std::chrono::steady_clock::now();
  auto interval = tty_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(10000);
  if (now - last_print_ < interval) return;
  last_print_ = now;
  print(false);
}

void Progress::print(bool final) {
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double rate = secs > 0 ? static_cast<double>(done_) / secs : 0;
  std::string line = fmt::format("{}: {} {}", label_, human_count(static_cast<double>(done_)), unit_);
  if (total_ && *total_ > 0 && !final) {
    double frac = static_cast<double>(done_) / static_cast<double>(*total_);
    line += fmt::format(" of {} ({:.0f}%)", human_count(static_cast<double>(*total_)), 100 * frac);
    if (rate > 0 && done_ < *total_)
      line += fmt::format(", ETA {}", human_seconds(static_cast<double>(*total_ - done_) / rate));
  }
  if (final) line += fmt::format(" in {} ({}/s)", human_seconds(secs), human_count(rate));
  else line += fmt::format(", {} elapsed, {}/s", human_seconds(secs), human_count(rate));
  if (tty_) {
    std::fprintf(stderr, "\r\033[K%s%s", line.c_str(), final ? "\n" : "");
    drew_line_ = !final;
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  std::fflush(stderr);
}

void Progress::finish() {
  if (finished_) return;
  finished_ = true;
  if (g_enabled) print(true);
}

}  // namespace tradedig
