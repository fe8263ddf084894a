// Linking observed entity names (platform members, ICP units, domain registrants) to the firms of
// the store, over every name a firm has had: current, former and short, in Chinese or English.
//
// A name with any Han character is linked as Chinese (NameLinker::link_zh), any other as English
// (NameLinker::link_en, which aligns it to the firms' Chinese names); an English name that equals
// one of a firm's own English names after parsing (case, punctuation, legal form) also scores 1.
// A Chinese name that gets no match decision among the firms' Chinese names is also aligned to
// the English names of firms without a Chinese name (NameLinker::link_zh_en), so a firm known
// only in English is found.
// Hits on several names of one firm count once, at the firm's best score, so a firm's current and
// former names do not compete with each other for the decision margin. Given the observation's
// year, a name only counts in the years it was valid (FirmNameEntry::valid_from/valid_to): a firm
// matches on any of its names of that year, and a name another firm used earlier or later is not
// theirs then. Scores are match probabilities in both scripts (ZhMatchModel for Chinese,
// cross_script_probability for an alignment), so a firm's Chinese name and another firm's
// English name compete on one scale.
//
// Errors: the constructor throws UserError when the lexicons are missing (see NameLinker).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "matcher/matcher.h"

namespace tradedig::matcher {

// One name of a firm, as the store holds it.
struct FirmNameEntry {
  std::string firm_id;
  std::string name;
  bool chinese = true;  // lang 'zh' (indexed for both scripts) or 'en' (exact English match, and
                        // cross-script alignment for Chinese names)
  std::optional<int> valid_from = std::nullopt, valid_to = std::nullopt;  // years, inclusive; none: open
};

// The best firm for one observation, with the decision on it.
struct ObservationLink {
  std::string firm_id;
  int64_t obs_id = 0;
  double score = 0.0;
  std::string method;        // "zh" or "en": the script the observation's name was linked in
  Decision decision = Decision::kNonMatch;
  std::string matched_name;  // the firm's name that scored best (for clerical review)
};

// True when the UTF-8 text holds at least one Han character.
bool has_han(std::string_view utf8);

// "match", "review" or "nonmatch", as the links table spells them.
const char* decision_name(Decision d);

class ObservationLinker {
 public:
  struct Options {
    std::string data_dir = default_data_dir();
    NameIndexOptions index;
    DecisionThresholds thresholds;
    // Name hits fetched per query before they are folded into firms. 10 rather than 20: on the
    // perturbed A-share names (observation_linker_astock_test.cc) top-1 is 988 against 987, and
    // bench_match links 150,000 names 6 s faster at 0.983 top-1 against 0.981 (names the index
    // ranks 11th to 20th, re-scored by the model, more often displaced the right firm than found it).
    size_t top_k = 10;
    // Align Chinese names to the English names of firms that have no Chinese name
    // (NameLinker::link_zh_en) when the Chinese names give no match decision. Finds firms known
    // only in English; costs ~40 us an alignment (bench_match at 1,000,000 candidates, shortlist
    // 3: ~400 → ~605 us CPU a query).
    bool zh_to_english = true;
  };
  explicit ObservationLinker(const std::vector<FirmNameEntry>& names, Options options);
  explicit ObservationLinker(const std::vector<FirmNameEntry>& names);
  ~ObservationLinker();
  ObservationLinker(const ObservationLinker&) = delete;
  ObservationLinker& operator=(const ObservationLinker&) = delete;

  // Candidate pairs the indexes would score for this name (print the sum before a large run).
  uint64_t pair_estimate(std::string_view entity_name) const;

  // Firms ranked best first (one entry per firm, ids index firm_ids()), at most top_k. With a
  // `year`, only names valid in that year count.
  std::vector<Candidate> rank_firms(std::string_view entity_name, std::optional<int> year = std::nullopt) const;
  // The same ranking with each firm's id and the name of it that scored best (for review files
  // and `tradedig link`).
  struct RankedFirm {
    std::string firm_id;
    double score = 0.0;
    std::string matched_name;
  };
  std::vector<RankedFirm> rank(std::string_view entity_name, std::optional<int> year = std::nullopt) const;
  const std::vector<std::string>& firm_ids() const;

  // A person's verdict on an observed name and a firm (`tradedig match labels`).
  struct Label {
    std::string entity_name, firm_id;
    bool same_firm = false;
  };
  // Trains the Chinese model on the labels of Chinese names (NameLinker::learn_zh_from_labels,
  // each compared with the firm's closest Chinese name), before linking. Labels of English
  // names and of firms not in the list are skipped. Returns the labels used. Not thread-safe.
  size_t learn_from_labels(const std::vector<Label>& labels);

  // The best firm and its decision; nullopt when no firm shares anything with the name (nothing
  // to store: the links table needs a firm).
  std::optional<ObservationLink> link(int64_t obs_id, std::string_view entity_name,
                                      std::optional<int> year = std::nullopt) const;
  // The same, also giving the ranking it decided on (what rank() returns), at no extra cost.
  std::optional<ObservationLink> link(int64_t obs_id, std::string_view entity_name, std::vector<RankedFirm>& ranked,
                                      std::optional<int> year = std::nullopt) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tradedig::matcher
