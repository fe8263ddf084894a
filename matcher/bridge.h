// Linking table A to table C through a bridge table B that holds both of their keys, e.g. A has
// Chinese firm names, C English names, and B is a registry of (Chinese name, English name) pairs
// (a trade-operator list, a stock-exchange list). Both joins are exact: A → B on B's first key,
// B → C on B's second key, each first on the keys as written (trimmed) and, only for rows with no
// such match, on normalized_name_key() (join_keys.h: NFKC, simplified characters, one bracket style
// for Chinese; case, punctuation and legal forms ignored for English).
//
// Nothing is guessed: every (A row, C row) pair the bridge connects is reported, and a pair is
// ambiguous when its A row reaches several C rows (one firm, several English names — or one name
// held by several C rows) or its C row is reached by several A rows (one English name, several
// firms). A rows whose key no B row has, and A rows whose B rows lead to no C row, are listed.
//
// Example:
//   A = {"海天味业股份有限公司"}, B = {{"海天味业股份有限公司", "Foshan Haitian Co., Ltd."}},
//   C = {"FOSHAN HAITIAN CO LTD"}
//   bridge_link(A, B, C, norm).links == {{a=0, b=0, c=0, a_join=kExact, c_join=kNormalized,
//                                          c_count=1, a_count=1}}
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "matcher/matcher.h"

namespace tradedig::matcher {

struct BridgeRow {
  std::string a_key;  // joins to A (e.g. the Chinese name)
  std::string c_key;  // joins to C (e.g. the English name)
};

enum class JoinLevel : uint8_t { kExact, kNormalized };
const char* join_level_name(JoinLevel level);  // "exact" or "normalized"

struct BridgeLink {
  uint32_t a = 0;  // row of A (0-based)
  uint32_t b = 0;  // row of B that carries the link; when several do, the one with the stronger
                   // joins (exact before normalized, A side first), then the first
  uint32_t c = 0;  // row of C
  JoinLevel a_join = JoinLevel::kExact;  // how A met B
  JoinLevel c_join = JoinLevel::kExact;  // how B met C
  uint32_t c_count = 1;  // C rows this A row reaches
  uint32_t a_count = 1;  // A rows that reach this C row
  bool ambiguous() const { return c_count > 1 || a_count > 1; }
};

struct BridgeResult {
  std::vector<BridgeLink> links;           // ordered by A row, then C row
  std::vector<uint32_t> a_without_bridge;  // A rows whose key (empty or not) no B row has
  std::vector<uint32_t> a_without_c;       // A rows that meet B rows whose other key no C row has
  int64_t one_to_one = 0;                  // links that are not ambiguous
};

// Joins A → B → C. Empty keys join nothing. Throws nothing on input; `norm` normalises the keys.
BridgeResult bridge_link(const std::vector<std::string>& a_keys, const std::vector<BridgeRow>& b,
                         const std::vector<std::string>& c_keys, const TextNormalizer& norm);

}  // namespace tradedig::matcher
