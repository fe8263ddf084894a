#include "matcher/bridge.h"

#include <map>
#include <optional>
#include <unordered_map>

#include "matcher/join_keys.h"

namespace tradedig::matcher {

namespace {

// The rows of one table by their key, at both join levels.
class KeyIndex {
 public:
  struct Hit {
    const std::vector<uint32_t>* rows = nullptr;  // nullptr: no row
    JoinLevel level = JoinLevel::kExact;
  };

  void add(uint32_t row, const std::string& text, const TextNormalizer& norm) {
    std::string exact = exact_key(text);
    if (exact.empty()) return;
    exact_[exact].push_back(row);
    std::string normalized = normalized_name_key(text, norm);
    if (!normalized.empty()) normalized_[normalized].push_back(row);
  }

  // The rows whose key equals text's as written, or failing that normalised.
  Hit find(const std::string& text, const TextNormalizer& norm) const {
    std::string exact = exact_key(text);
    if (exact.empty()) return {};
    if (auto it = exact_.find(exact); it != exact_.end()) return {&it->second, JoinLevel::kExact};
    std::string normalized = normalized_name_key(text, norm);
    if (normalized.empty()) return {};
    if (auto it = normalized_.find(normalized); it != normalized_.end()) return {&it->second, JoinLevel::kNormalized};
    return {};
  }

 private:
  std::unordered_map<std::string, std::vector<uint32_t>> exact_, normalized_;
};

// Exact before normalized, and the A-side join weighs more than the C side.
int join_rank(JoinLevel a_join, JoinLevel c_join) { return 2 * static_cast<int>(a_join) + static_cast<int>(c_join); }

}  // namespace

const char* join_level_name(JoinLevel level) { return level == JoinLevel::kExact ? "exact" : "normalized"; }

BridgeResult bridge_link(const std::vector<std::string>& a_keys, const std::vector<BridgeRow>& b,
                         const std::vector<std::string>& c_keys, const TextNormalizer& norm) {
  KeyIndex b_index, c_index;
  for (size_t i = 0; i < b.size(); ++i) b_index.add(static_cast<uint32_t>(i), b[i].a_key, norm);
  for (size_t i = 0; i < c_keys.size(); ++i) c_index.add(static_cast<uint32_t>(i), c_keys[i], norm);
  // Many A rows can meet one B row; its C rows are looked up once.
  std::vector<std::optional<KeyIndex::Hit>> c_of_b(b.size());

  BridgeResult res;
  for (size_t a = 0; a < a_keys.size(); ++a) {
    KeyIndex::Hit b_hit = b_index.find(a_keys[a], norm);
    if (!b_hit.rows) {
      res.a_without_bridge.push_back(static_cast<uint32_t>(a));
      continue;
    }
    std::map<uint32_t, BridgeLink> by_c;  // ordered by C row
    for (uint32_t bi : *b_hit.rows) {
      if (!c_of_b[bi]) c_of_b[bi] = c_index.find(b[bi].c_key, norm);
      const KeyIndex::Hit& c_hit = *c_of_b[bi];
      if (!c_hit.rows) continue;
      for (uint32_t ci : *c_hit.rows) {
        BridgeLink link;
        link.a = static_cast<uint32_t>(a);
        link.b = bi;
        link.c = ci;
        link.a_join = b_hit.level;
        link.c_join = c_hit.level;
        auto [it, fresh] = by_c.emplace(ci, link);
        // B rows come in row order, so a tie keeps the first.
        if (!fresh && join_rank(link.a_join, link.c_join) < join_rank(it->second.a_join, it->second.c_join))
          it->second = link;
      }
    }
    if (by_c.empty()) res.a_without_c.push_back(static_cast<uint32_t>(a));
    for (auto& entry : by_c) {
      entry.second.c_count = static_cast<uint32_t>(by_c.size());
      res.links.push_back(entry.second);
    }
  }

  std::vector<uint32_t> a_per_c(c_keys.size(), 0);
  for (const auto& link : res.links) ++a_per_c[link.c];
  for (auto& link : res.links) {
    link.a_count = a_per_c[link.c];
    res.one_to_one += !link.ambiguous();
  }
  return res;
}

}  // namespace tradedig::matcher
