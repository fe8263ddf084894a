// Composite index by the entropy-weight method (papers 002/004; REFERENCES.md §2.9).
//
//   EntropyOptions o{.positive = {"ecommerce", "patents"}, .negative = {"cost"}, .id = "firm_id", .year = "year"};
//   EntropyIndex ix = entropy_index(d, o);
//   ix.weights[0].weight;  // weight of "ecommerce"; the weights of a block sum to 1
//   ix.scores[0].score;    // Σ_j w_j x'_ij of the first complete row
//
// For each block of rows (all firm-years pooled, or each year alone with per_year), n = rows in it:
//   1. min–max normalise each indicator j within the block, then add `shift` (avoids ln 0):
//        positive x'_ij = (x_ij − min_j)/(max_j − min_j) + shift,
//        negative x'_ij = (max_j − x_ij)/(max_j − min_j) + shift;
//   2. p_ij = x'_ij / Σ_i x'_ij;   3. e_j = −(1/ln n) Σ_i p_ij ln p_ij, with 0·ln 0 = 0 (shift = 0);
//   4. d_j = 1 − e_j;   5. w_j = d_j / Σ_k d_k;   6. score_i = Σ_j w_j x'_ij (the shifted normalised values).
// With per_year both the normalisation and the weights are year-specific, so scores compare units
// within a year; pooled weights (the default) also compare across years.
// Rows with a missing indicator, id or (when given) year are left out and counted in `incomplete`.
//
// Errors (UserError): no indicator; an unknown or text column; an indicator without variation in a
// block (the message names it and the year); a block with fewer than two rows; an (id, year) pair
// that occurs twice; a negative shift; per_year without a year column; a non-integer year.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "measure/estimate.h"

namespace tradedig::measure {

struct EntropyOptions {
  std::vector<std::string> positive;  // larger is better
  std::vector<std::string> negative;  // smaller is better
  std::string id;                     // unit column (required)
  std::string year;                   // year column ("" = cross-section)
  bool per_year = false;              // weights and normalisation year by year
  double shift = 0.0001;
};

struct IndicatorWeight {
  std::string indicator;
  bool positive = true;
  std::optional<int64_t> year;  // set with per_year
  double entropy = 0, divergence = 0, weight = 0;
};

struct IndexScore {
  std::string unit;
  std::optional<int64_t> year;
  double score = 0;
};

struct EntropyIndex {
  std::vector<IndicatorWeight> weights;  // per block, in the order positive then negative indicators
  std::vector<IndexScore> scores;        // one per complete row, in the data's order
  int64_t incomplete = 0;
};

EntropyIndex entropy_index(const DataFrame& d, const EntropyOptions& o);

}  // namespace tradedig::measure
