// Scoring decided links against known pairs: precision, recall, F1 and the pairs that went wrong.
//
// Only the left records the truth speaks about are scored: a truth file labels a sample, and a
// link of a record nobody checked is neither right nor wrong. A truth row may say a pair is NOT
// the same entity (label 0); such a row puts its left record in scope without a true partner, so
// any link of it is a false one.
#pragma once
#include <string>
#include <vector>

namespace tradedig::matcher {

struct LabelledPair {
  std::string left, right;
  bool same = true;  // false: a checked pair that is not the same entity
};

struct ScoredPair {
  std::string left, right;
  double score = 0.0;
};

struct LinkError {
  std::string kind;  // "wrong" (linked to another entity), "false" (linked, has none), "missed"
  std::string left;
  std::string linked;  // the predicted right ("" for missed)
  std::string truth;   // a true right ("" when the left has none)
  double score = 0.0;  // of the predicted pair (0 for missed)
};

struct LinkEvaluation {
  size_t truth_pairs = 0;     // distinct true pairs
  size_t scored_links = 0;    // predicted pairs whose left is in scope
  size_t correct = 0;         // of those, true pairs
  size_t out_of_scope = 0;    // predicted pairs whose left the truth does not mention
  double precision = 0.0, recall = 0.0, f1 = 0.0;  // 0 when undefined (nothing predicted or true)
  std::vector<LinkError> errors;  // wrong and false links first (by left), then missed pairs
};

// Duplicate rows count once. Example: truth {(1,A),(2,B)}, predicted {(1,A),(2,C),(3,D)} gives
// precision 1/2, recall 1/2, one "wrong" error (2: C instead of B), and out_of_scope 1.
LinkEvaluation evaluate_links(const std::vector<ScoredPair>& predicted, const std::vector<LabelledPair>& truth);

}  // namespace tradedig::matcher
