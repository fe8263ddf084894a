#include "matcher/link_evaluation.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace tradedig::matcher {

LinkEvaluation evaluate_links(const std::vector<ScoredPair>& predicted, const std::vector<LabelledPair>& truth) {
  std::map<std::string, std::set<std::string>> true_rights;  // left in scope → its true rights
  for (const LabelledPair& t : truth) {
    auto& rights = true_rights[t.left];
    if (t.same) rights.insert(t.right);
  }
  LinkEvaluation ev;
  for (const auto& [left, rights] : true_rights) ev.truth_pairs += rights.size();

  std::set<std::pair<std::string, std::string>> seen, found;
  for (const ScoredPair& p : predicted) {
    if (!seen.insert({p.left, p.right}).second) continue;
    auto it = true_rights.find(p.left);
    if (it == true_rights.end()) {
      ++ev.out_of_scope;
      continue;
    }
    ++ev.scored_links;
    if (it->second.count(p.right)) {
      ++ev.correct;
      found.insert({p.left, p.right});
    } else if (it->second.empty()) {
      ev.errors.push_back({"false", p.left, p.right, "", p.score});
    } else {
      ev.errors.push_back({"wrong", p.left, p.right, *it->second.begin(), p.score});
    }
  }
  std::stable_sort(ev.errors.begin(), ev.errors.end(), [](const LinkError& a, const LinkError& b) { return a.left < b.left; });
  for (const auto& [left, rights] : true_rights)
    for (const std::string& r : rights)
      if (!found.count({left, r})) ev.errors.push_back({"missed", left, "", r, 0.0});

  if (ev.scored_links > 0) ev.precision = static_cast<double>(ev.correct) / static_cast<double>(ev.scored_links);
  if (ev.truth_pairs > 0) ev.recall = static_cast<double>(ev.correct) / static_cast<double>(ev.truth_pairs);
  if (ev.precision + ev.recall > 0) ev.f1 = 2 * ev.precision * ev.recall / (ev.precision + ev.recall);
  return ev;
}

}  // namespace tradedig::matcher
