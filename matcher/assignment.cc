#include <algorithm>
#include <unordered_set>

#include "matcher/matcher.h"

namespace tradedig::matcher {

std::vector<Link> assign_one_to_one(const std::vector<std::vector<Candidate>>& candidates) {
  std::vector<Link> pairs;
  for (size_t l = 0; l < candidates.size(); ++l)
    for (const Candidate& c : candidates[l]) pairs.push_back({static_cast<uint32_t>(l), c.id, c.score});
  std::sort(pairs.begin(), pairs.end(), [](const Link& a, const Link& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.left != b.left ? a.left < b.left : a.right < b.right;
  });
  std::vector<bool> left_used(candidates.size(), false);
  std::unordered_set<uint32_t> right_used;
  std::vector<Link> out;
  for (const Link& p : pairs) {
    if (left_used[p.left] || right_used.count(p.right)) continue;
    left_used[p.left] = true;
    right_used.insert(p.right);
    out.push_back(p);
  }
  std::sort(out.begin(), out.end(), [](const Link& a, const Link& b) { return a.left < b.left; });
  return out;
}

Decision decide(const std::vector<Candidate>& ranked, const DecisionThresholds& t) {
  if (ranked.empty() || ranked[0].score < t.review_score) return Decision::kNonMatch;
  double best = ranked[0].score;
  double second = ranked.size() > 1 ? ranked[1].score : 0.0;
  // A clear winner is needed as well as a high score: two near-equal candidates (齐心 and 奇信
  // both read "qixin") must go to a person.
  bool clear = best > 0 && (best - second) / best >= t.accept_margin;
  return best >= t.accept_score && clear ? Decision::kMatch : Decision::kReview;
}

}  // namespace tradedig::matcher
