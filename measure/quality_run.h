// The `quality` step end to end on a store: load customs, clean, estimate each variant, write the
// quality table and firm_year (variants plus export_value, n_shipments, n_products, n_destinations,
// flex, lncnpd, lnsdp, and lngdp/lnpgp when a WDI file is given), and record the run. Used by `tradedig quality` and the demo.
#pragma once
#include <string>
#include <vector>

#include "db/connection.h"
#include "measure/hs_concordance.h"
#include "measure/quality.h"

namespace tradedig::measure {

struct QualityRunOptions {
  std::vector<std::string> variants = {"QKL", "QBW"};  // QKL, QBW, QSY, QLP, QOP
  double sigma = 4, cap = 20, iv_min_f = 10;
  int iv_min_rows = 30, base_year = 2000;
  bool trim = true, keep_singletons = false;
  // Trade intermediaries dropped before KSW: "none", "name" (Ahn-Khandelwal-Wei words in the firm's
  // Chinese name), "industry" (firms.industry in `intermediary_divisions`, GB/T 4754 wholesale and
  // retail) or "both" (either rule). See measure/quality.h. The default follows the paper, which
  // removes wholesale and retail firms; firms without an industry are kept.
  std::string intermediaries = "industry";
  std::vector<std::string> intermediary_divisions = {"51", "52"};
  double trim_low = 0.01, trim_high = 0.99;
  // true: firm_year's variants are Shi & Shao's within-product min-max normalised quality in [0, 1]
  // (the paper's); false: the export-value-weighted mean of ln λ itself (coefficients then read on
  // the log-quality scale, e.g. a planted effect in a simulation).
  bool normalise = true;
  std::string bw_file;     // Broda–Weinstein HS3 CSV (needed by QBW, QLP, QOP)
  std::string sigma_file;  // HS4 σ file (needed by QSY)
  std::string wdi_file;    // WDI-style destination GDP file; when set, lngdp and lnpgp are written
  // HS concordance (measure/hs_concordance.h); when set, product codes are mapped to one vintage
  // before KSW (the quality table then holds the harmonised codes; other firm_year variables use
  // the codes as imported).
  std::string hs_concordance;
};

struct VariantSummary {
  std::string name;
  size_t products = 0;
  int64_t iv = 0, fallback = 0, capped = 0, rows_with_quality = 0, singleton_rows = 0;
  size_t firm_years = 0;
};

struct QualityRunReport {
  int64_t run_id = 0;
  std::vector<StepReport> cleaning;
  std::string intermediaries = "none";
  size_t intermediaries_by_name = 0, intermediaries_by_industry = 0, intermediaries_dropped = 0;
  size_t firms_with_industry = 0;
  bool hs_harmonised = false;
  HsMappingReport hs;
  std::vector<VariantSummary> variants;
  size_t panel_rows = 0, firm_years = 0;
  // Destination controls (measure/destination_controls.h).
  int64_t sdp_cells = 0, sdp_cells_with_cv = 0;
  size_t sdp_firm_years_without = 0;
  bool wdi = false;
  int64_t wdi_dests_not_in_file = 0, wdi_pairs = 0, wdi_pairs_without_gdp = 0, wdi_pairs_without_gdp_pc = 0;
  double wdi_value_share_without_gdp = 0, wdi_value_share_without_gdp_pc = 0;
  std::vector<std::string> wdi_dest_names_not_in_file;  // the first few
  size_t wdi_firm_years_without_gdp = 0, wdi_firm_years_without_gdp_pc = 0;
};

// Throws UserError for unknown variants or intermediary rules, missing σ or concordance files, or a
// store without customs rows.
QualityRunReport run_quality(db::Connection& c, const QualityRunOptions& opts);

// The report as the CLI prints it (one block of lines).
std::string describe(const QualityRunReport& r, double cap);

}  // namespace tradedig::measure
