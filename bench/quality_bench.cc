// KSW quality at scale: QKL and QBW on about 10,000,000 simulated customs transactions, in memory
// (panel building, both variants, value-weighted firm-year aggregation). Prints wall time per step
// and the peak resident memory. The store round trip is measured separately by `tradedig quality`.
//
//   build/bench/bench_quality [--firms 56000]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "measure/quality.h"
#include "measure/simulate.h"

using Clock = std::chrono::steady_clock;

static double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

int main(int argc, char** argv) {
  tradedig::measure::SimulationOptions so;
  so.firms = 56000;  // about 10 million transactions with the default DGP
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--firms") so.firms = std::stoll(argv[i + 1]);
  auto t = Clock::now();
  auto sim = tradedig::measure::simulate(so);
  std::printf("simulate: %zu transactions, %zu KSW observations in %.1f s (not part of the measure)\n", sim.customs.size(),
              sim.truth_panel.size(), since(t));
  const std::string bw_path = std::string(TRADEDIG_MEASURE_DATA_DIR) + "/elasticities/BW2006_sigma_hs0_3digit_73countries.csv";
  auto total = Clock::now();
  t = Clock::now();
  std::vector<tradedig::measure::StepReport> steps;
  auto panel = tradedig::measure::build_ksw_panel(sim.customs, {}, steps);
  std::printf("clean + sum to KSW observations: %.2f s (%zu rows)\n", since(t), panel.size());
  auto bw = tradedig::measure::load_bw_hs3(bw_path);
  for (const char* name : {"QKL", "QBW"}) {
    t = Clock::now();
    tradedig::measure::QualitySpec spec;
    spec.name = name;
    if (std::string(name) == "QBW") spec.method = tradedig::measure::SigmaMethod::kTable, spec.table = &bw;
    auto q = tradedig::measure::estimate_quality(panel, sim.customs.product_codes, spec);
    auto fy = tradedig::measure::aggregate_firm_year(panel, q);
    std::printf("%s: %.2f s (%lld rows with quality, %zu firm-years)\n", name, since(t),
                static_cast<long long>(q.rows_with_quality), fy.size());
  }
  std::printf("KSW total (clean, QKL, QBW, aggregation): %.2f s\n", since(total));
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("peak resident memory (whole process, including the simulated data): %.0f MB\n", static_cast<double>(ru.ru_maxrss) / 1024.0);
  return 0;
}
