// Internal to measure/: the pieces match_on_score() (score_matching.cc) is built from.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "measure/matching.h"

namespace tradedig::measure {

// Units of one group sorted by score (ties by data order), for nearest-neighbour searches.
struct SortedGroup {
  std::vector<int64_t> unit;    // data index of each position
  std::vector<double> score;    // score of each position, ascending
};
SortedGroup sort_group(const Eigen::VectorXd& score, const std::vector<int64_t>& units);

// Nearest-neighbour matches of each unit in `from` among `to` (see matching.h for the rules),
// written to out[from unit]. `caliper` is absolute (infinity = none).
void nearest_neighbor_match(const Eigen::VectorXd& score, const std::vector<int64_t>& from,
                            const std::vector<int64_t>& to, const MatchingOptions& o, double caliper,
                            std::vector<MatchedSet>& out);

// For each unit of `group` (by position), its j nearest other units of the same group on the score
// (more when `ties` and the j-th distance is shared): the σ̂² matches of Abadie–Imbens.
std::vector<std::vector<int64_t>> within_group_neighbors(const Eigen::VectorXd& score, const std::vector<int64_t>& group,
                                                         int j, bool ties);

// Kernel weights over `to` for each unit in `from` (psmatch2 _Kernel_); units with no positive
// weight stay unmatched.
void kernel_match(const Eigen::VectorXd& score, const std::vector<int64_t>& from, const std::vector<int64_t>& to,
                  const MatchingOptions& o, std::vector<MatchedSet>& out);

// The covariates of a treatment formula for the balance table at rows `rows` of d, one column per
// term, with an i() factor expanded into one dummy for every level ("race::black"; MatchIt lists all
// levels, no reference), levels in sorted order.
void balance_covariates(const Formula& f, const DataFrame& d, const std::vector<int64_t>& rows,
                        std::vector<std::string>* names, Eigen::MatrixXd* X);

}  // namespace tradedig::measure
