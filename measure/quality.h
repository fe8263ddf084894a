// Export product quality by Khandelwal, Schott & Wei (2013), as used in paper 003 (§3.2, eq. 10-11),
// with Shi & Shao's (2014) normalisation and export-value-weighted firm-year aggregation.
//
//   per HS8 product c:  ln q_fdcmt + σ_c ln p_fdcmt = κ_dt + ε_fdcmt,  quality ln λ = ε̂ / (σ_c − 1)
//   normalised within product: r = (λ − min_c) / (max_c − min_c);  QX_ft = Σ (v / Σ v_ft) · r
//
// σ comes from a constant (QKL, default 4), Broda–Weinstein HS3 (QBW), a user HS4 file (QSY), or
// per-product 2SLS of ln q on ln p with κ_dt, instrumenting ln p by the lagged price (QLP) or by
// the firm's mean price of the product in other destinations (QOP).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "db/customs_store.h"

namespace tradedig::measure {

// ---- Cleaning and aggregation to firm × destination × product × mode × year ----------------

struct StepReport {
  std::string step;
  int64_t rows_in = 0, rows_out = 0;
};

struct CleaningOptions {
  bool drop_nonpositive = true;         // value ≤ 0, quantity ≤ 0 or missing
  std::vector<int32_t> drop_firms;      // firm codes to remove (e.g. trade intermediaries)
  double trim_low = 0.01, trim_high = 0.99;  // unit-value quantiles kept within product (0 and 1: no trim)
  int min_rows_per_product = 2;         // products with fewer rows are dropped (min-max needs two)
};

// KSW observations: one row per firm-destination-product-mode-year, sorted by those keys.
struct KswPanel {
  std::vector<int32_t> firm, dest, product, mode;
  std::vector<int16_t> year;
  std::vector<double> value, quantity;
  size_t size() const { return value.size(); }
  void append(int32_t f, int32_t d, int32_t c, int32_t m, int16_t t, double v, double q) {
    firm.push_back(f);
    dest.push_back(d);
    product.push_back(c);
    mode.push_back(m);
    year.push_back(t);
    value.push_back(v);
    quantity.push_back(q);
  }
  void append_row(const KswPanel& from, size_t i) {
    append(from.firm[i], from.dest[i], from.product[i], from.mode[i], from.year[i], from.value[i], from.quantity[i]);
  }
};

// Cleans transaction rows and sums them to KSW observations; `report` gets one entry per step.
KswPanel build_ksw_panel(const db::CustomsColumns& customs, const CleaningOptions& opts, std::vector<StepReport>& report);

// The firm codes whose Chinese name marks a trade intermediary (Ahn, Khandelwal & Wei 2011:
// 进出口, 贸易, 经贸, 科贸 or 外经 in the name). `names` maps firm_id → name.
std::vector<int32_t> intermediary_firms(const db::CustomsColumns& customs,
                                        const std::unordered_map<std::string, std::string>& names);

// Whether an industry (code or name, GB/T 4754-2011/2017) is a trade intermediary's: a code whose
// division — its first two digits, after an optional section letter ("F5171", "5171", "51") — is
// one of `divisions` (default 51 批发业 wholesale, 52 零售业 retail; under GB/T 4754-2002 these
// divisions were 63 and 65), or a name containing 批发 or 零售.
bool is_intermediary_industry(std::string_view industry, const std::vector<std::string>& divisions = {"51", "52"});

// The firm codes whose industry (`industries` maps firm_id → firms.industry) marks a trade
// intermediary by is_intermediary_industry — the rule of paper 003 §3.3.
std::vector<int32_t> intermediary_firms_by_industry(const db::CustomsColumns& customs,
                                                    const std::unordered_map<std::string, std::string>& industries,
                                                    const std::vector<std::string>& divisions = {"51", "52"});

// ---- Elasticities ---------------------------------------------------------------------------

// σ by HS code prefix (3 digits for Broda–Weinstein, 4 for Soderbery-style files).
struct SigmaTable {
  int digits = 0;
  std::unordered_map<std::string, double> sigma;
  std::string source;  // "bw-hs3", "user-hs4", ...
  std::optional<double> lookup(const std::string& hs8) const;
};

// Broda–Weinstein (2006) HS3 elasticities for one country (default China) from the CSV
// with columns iso3c, HS0_3d, HS0_2d, sigma. Throws UserError if the file or country is missing.
SigmaTable load_bw_hs3(const std::string& path, const std::string& iso3 = "CHN");

// A user σ file (CSV/.dta) with an HS column (hs4, hs, hscode, hs_code) and a sigma column.
SigmaTable load_sigma_file(const std::string& path, int digits = 4);

// ---- Estimation -------------------------------------------------------------------------------

enum class SigmaMethod { kConstant, kTable, kIvLaggedPrice, kIvOtherDestinations };

struct QualitySpec {
  std::string name = "QKL";          // the variant's name: QKL, QBW, QSY, QLP, QOP
  SigmaMethod method = SigmaMethod::kConstant;
  double constant = 4.0;             // σ for kConstant, and the last fallback
  const SigmaTable* table = nullptr;  // σ for kTable, and the first fallback of the IV methods
  double cap = 20.0;                 // σ above the cap is set to the cap (BW's tail reaches 10^4)
  int iv_min_rows = 30;              // IV: fewer usable rows in a product → fallback
  double iv_min_first_stage_f = 10;  // IV: weaker first stage → fallback
  bool keep_singletons = false;      // (d,t) cells with one row have ε̂ = 0; by default no quality
};

struct ProductSigma {
  int32_t product;
  double sigma;
  const char* source;  // "constant", "table", "iv", "fallback:table", "fallback:constant"
  int64_t iv_rows = 0;
  double first_stage_f = 0, sigma_iv = 0;  // the raw IV estimate, also when it was not used
};

struct QualityResult {
  std::vector<double> sigma, residual, quality, quality_norm;  // per panel row (NaN: no quality)
  std::vector<uint8_t> singleton;
  std::vector<const char*> sigma_source;
  std::vector<ProductSigma> products;
  int64_t rows_with_quality = 0, singleton_rows = 0, products_fallback = 0, products_capped = 0;
};

// `product_codes` are the HS8 texts of the panel's product codes (CustomsColumns::product_codes).
QualityResult estimate_quality(const KswPanel& panel, const std::vector<std::string>& product_codes,
                               const QualitySpec& spec);

// QX_ft = Σ v·r / Σ v over the firm-year's rows that have a normalised quality; with `normalised`
// false, the same average of ln λ itself (the scale of the model's coefficients, not [0, 1]).
std::vector<db::FirmYearValue> aggregate_firm_year(const KswPanel& panel, const QualityResult& q, bool normalised = true);

// Rows for the quality table.
std::vector<db::QualityRow> quality_rows(const KswPanel& panel, const QualityResult& q);

}  // namespace tradedig::measure
