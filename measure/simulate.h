// Synthetic firms and customs transactions with a known data-generating process, for tests,
// benchmarks and the demo. Everything it produces is SYNTHETIC and says so in its outputs.
//
// Per firm-destination-product-mode-year (KSW observation):
//   ln λ = a_f + θ_c + β·lndig_ft + e            true quality (e ~ N(0, quality_sd))
//   ln p = μ_c + w_ft + u                        price from cost only (w_ft an AR(1) firm cost shock),
//                                                independent of quality and demand noise, so both
//                                                lagged and other-destination prices are valid instruments
//   ln q = (σ_c − 1)·ln λ − σ_c·ln p + κ_cdt + ξ demand (KSW eq. 10 with ξ ~ N(0, demand_sd))
// and each observation is split into 1..max_shipments transactions (value and quantity shares drawn
// at random, so transaction unit values differ slightly). Digitization: each firm adopts each
// channel with a probability, in a random year (or the caller gives the firms and their start
// years, SimulationOptions::given_firms); lndig_ft follows Table 1.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "db/customs_store.h"
#include "measure/quality.h"

namespace tradedig::measure {

struct SimulatedFirm {
  std::string firm_id, name;
  int pit_start = 0, pdo_start = 0, icp_start = 0;  // 0: never adopts
};

struct SimulationOptions {
  int64_t firms = 2000;
  int first_year = 2002, last_year = 2015;
  int products = 40, destinations = 20;
  double sigma = 4.0;          // σ for every product; 0 draws σ_c uniformly from [2.5, 8]
  double beta_lndig = 0.05;    // planted effect of lndig on log quality
  double quality_sd = 0.3, demand_sd = 0.05, price_sd = 0.25;
  int max_shipments = 6;
  uint64_t seed = 20240601;
  // Firms given by the caller (ids, names and true channel start years, e.g. the demo world's);
  // when non-empty they replace the `firms` generated ones and no adoption years are drawn.
  std::vector<SimulatedFirm> given_firms;
};


struct Simulation {
  std::vector<SimulatedFirm> firms;
  db::CustomsColumns customs;             // transactions (dictionaries sorted)
  KswPanel truth_panel;                   // the KSW observations, sorted by key
  std::vector<double> true_log_quality;   // aligned with truth_panel
  std::vector<double> product_sigma;      // by product code
};

Simulation simulate(const SimulationOptions& opts);

// ln(dig_tr) of a simulated firm in a year (Table 1).
double simulated_lndig(const SimulatedFirm& f, int year);

// Writes firms.csv, customs.csv (transactions; Chinese headers as in customs extracts) and
// truth.csv (true ln λ per KSW observation) into `dir`. Each file's first column or header says
// the data are synthetic.
void write_simulation(const Simulation& s, const std::string& dir);

}  // namespace tradedig::measure
