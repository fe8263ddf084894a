#include "matcher/panel_ids.h"

#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "matcher/join_keys.h"
#include "util/error.h"
#include "util/parse.h"

namespace tradedig::matcher {

namespace {

constexpr PanelPass kPasses[] = {PanelPass::kId, PanelPass::kName, PanelPass::kNormalizedName,
                                 PanelPass::kLegalRepRegionFounded, PanelPass::kPhoneRegion};
// Separates the parts of a composite key; no firm field contains it.
constexpr char kSep = '\x1f';
// Chinese local numbers have 7 or 8 digits and are written with or without the area code, so the
// last 7 digits are the part both spellings share (the customs–NBS practice, MATCHING.md §2.4).
constexpr size_t kPhoneDigits = 7;

std::string id_key(std::string_view id) {
  std::string key;
  for (char ch : trim(id)) {
    if (ch == ' ' || ch == '-') continue;
    key += (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
  }
  // Survey files fill unknown codes with zeros; such a code would join unrelated firms.
  if (key.find_first_not_of('0') == std::string::npos) return {};
  return key;
}

std::string phone_key(std::string_view phone) {
  std::string digits;
  for (char ch : phone)
    if (ch >= '0' && ch <= '9') digits += ch;
  if (digits.size() < kPhoneDigits) return {};
  return digits.substr(digits.size() - kPhoneDigits);
}

// Which optional fields the waves have at all (a field no record has is left out of the keys).
struct FieldsPresent {
  bool legal_rep = false, region = false, founded = false, phone = false;
};

FieldsPresent fields_present(const std::vector<PanelWave>& waves) {
  FieldsPresent has;
  for (const auto& w : waves)
    for (const auto& r : w.records) {
      has.legal_rep |= !trim(r.legal_rep).empty();
      has.region |= !trim(r.region).empty();
      has.founded |= r.founded != 0;
      has.phone |= !phone_key(r.phone).empty();
    }
  return has;
}

bool pass_applies(PanelPass pass, const FieldsPresent& has) {
  if (pass == PanelPass::kLegalRepRegionFounded) return has.legal_rep && (has.region || has.founded);
  if (pass == PanelPass::kPhoneRegion) return has.phone;
  return true;
}

// The record's key in one pass; empty when a part of it is unknown.
std::string pass_key(PanelPass pass, const PanelRecord& r, const FieldsPresent& has, const TextNormalizer& norm) {
  std::string region = exact_key(r.region);
  if ((pass == PanelPass::kLegalRepRegionFounded || pass == PanelPass::kPhoneRegion) && has.region && region.empty())
    return {};
  switch (pass) {
    case PanelPass::kId: return id_key(r.id);
    case PanelPass::kName: return exact_key(r.name);
    case PanelPass::kNormalizedName: return normalized_name_key(r.name, norm);
    case PanelPass::kLegalRepRegionFounded: {
      if (has.founded && r.founded == 0) return {};
      std::string rep = normalized_name_key(r.legal_rep, norm);
      if (rep.empty()) return {};
      return rep + kSep + region + kSep + (has.founded ? std::to_string(r.founded) : std::string());
    }
    case PanelPass::kPhoneRegion: {
      std::string phone = phone_key(r.phone);
      if (phone.empty()) return {};
      return phone + kSep + region;
    }
    case PanelPass::kNone: break;
  }
  return {};
}

// Which records already have a successor (their predecessors are in PanelResult::records).
struct LinkState {
  std::vector<std::vector<char>> has_successor;
  std::vector<std::vector<PanelAssignment>>* records = nullptr;
  bool has_next(size_t w, size_t i) const { return has_successor[w][i] != 0; }
  bool has_prev(size_t w, size_t i) const { return (*records)[w][i].prev_wave >= 0; }
};

// One pass over one pair of waves: links the keys held by exactly one unlinked record on each side.
void link_pair(PanelPass pass, size_t from, size_t to, const std::vector<std::vector<std::string>>& keys,
               LinkState& st, PanelPairSummary& sum) {
  struct Holders {
    uint32_t from_count = 0, to_count = 0;
    uint32_t from_row = 0, to_row = 0;
  };
  std::unordered_map<std::string_view, Holders> holders;
  const auto& from_keys = keys[from];
  const auto& to_keys = keys[to];
  for (size_t i = 0; i < from_keys.size(); ++i) {
    if (st.has_next(from, i) || from_keys[i].empty()) continue;
    Holders& h = holders[from_keys[i]];
    ++h.from_count;
    h.from_row = static_cast<uint32_t>(i);
  }
  for (size_t j = 0; j < to_keys.size(); ++j) {
    if (st.has_prev(to, j) || to_keys[j].empty()) continue;
    auto it = holders.find(to_keys[j]);
    if (it == holders.end()) continue;  // only keys the other wave holds matter
    ++it->second.to_count;
    it->second.to_row = static_cast<uint32_t>(j);
  }
  auto p = static_cast<size_t>(pass);
  for (size_t i = 0; i < from_keys.size(); ++i) {
    if (st.has_next(from, i) || from_keys[i].empty()) continue;
    const Holders& h = holders.at(from_keys[i]);
    if (h.to_count == 0) continue;
    if (h.from_count != 1 || h.to_count != 1) {
      ++sum.ambiguous[p];
      continue;
    }
    st.has_successor[from][i] = 1;
    PanelAssignment& a = (*st.records)[to][h.to_row];
    a.pass = pass;
    a.prev_wave = static_cast<int>(from);
    a.prev_row = static_cast<uint32_t>(i);
    ++sum.links[p];
  }
}

}  // namespace

const char* panel_pass_name(PanelPass pass) {
  switch (pass) {
    case PanelPass::kNone: return "";
    case PanelPass::kId: return "id";
    case PanelPass::kName: return "name";
    case PanelPass::kNormalizedName: return "normalized_name";
    case PanelPass::kLegalRepRegionFounded: return "legal_rep_region_founded";
    case PanelPass::kPhoneRegion: return "phone_region";
  }
  return "";
}

PanelResult build_panel_ids(const std::vector<PanelWave>& waves, const TextNormalizer& norm,
                            const PanelOptions& options) {
  if (options.max_gap < 1)
    throw UserError(fmt::format("the largest gap between linked waves must be at least 1, not {}", options.max_gap));
  for (size_t w = 1; w < waves.size(); ++w)
    if (waves[w].year <= waves[w - 1].year)
      throw UserError(fmt::format("the yearly files must be in increasing year order, each year once: {} comes after {}",
                                  waves[w].year, waves[w - 1].year));
  const size_t n_waves = waves.size();
  PanelResult res;
  res.records.resize(n_waves);
  LinkState st;
  st.records = &res.records;
  st.has_successor.resize(n_waves);
  for (size_t w = 0; w < n_waves; ++w) {
    res.records[w].resize(waves[w].records.size());
    st.has_successor[w].assign(waves[w].records.size(), 0);
  }
  const FieldsPresent has = fields_present(waves);
  for (PanelPass pass : kPasses) res.passes_run[static_cast<size_t>(pass)] = pass_applies(pass, has);

  for (size_t gap = 1; gap <= static_cast<size_t>(options.max_gap) && gap < n_waves; ++gap) {
    std::vector<PanelPairSummary> stage(n_waves - gap);
    for (size_t k = 0; k + gap < n_waves; ++k) {
      stage[k].from_year = waves[k].year;
      stage[k].to_year = waves[k + gap].year;
      stage[k].gap = static_cast<int>(gap);
    }
    // Pairs of one stage share no pool (a pair uses successors of its earlier wave and
    // predecessors of its later one), so running each pass over all pairs before the next pass
    // gives the same links as running all passes pair by pair, and each key is computed once.
    for (PanelPass pass : kPasses) {
      if (!pass_applies(pass, has)) continue;
      std::vector<std::vector<std::string>> keys(n_waves);
      for (size_t w = 0; w < n_waves; ++w) {
        keys[w].resize(waves[w].records.size());
        for (size_t i = 0; i < keys[w].size(); ++i) {
          bool in_pool = (w + gap < n_waves && !st.has_next(w, i)) || (w >= gap && !st.has_prev(w, i));
          if (in_pool) keys[w][i] = pass_key(pass, waves[w].records[i], has, norm);
        }
      }
      for (size_t k = 0; k + gap < n_waves; ++k) link_pair(pass, k, k + gap, keys, st, stage[k]);
    }
    for (size_t k = 0; k + gap < n_waves; ++k) {
      for (size_t i = 0; i < waves[k].records.size(); ++i) stage[k].from_unlinked += !st.has_next(k, i);
      for (size_t j = 0; j < waves[k + gap].records.size(); ++j) stage[k].to_unlinked += !st.has_prev(k + gap, j);
    }
    res.pairs.insert(res.pairs.end(), stage.begin(), stage.end());
  }

  // A predecessor always sits in an earlier wave, so one sweep in wave order numbers the chains.
  for (auto& wave : res.records)
    for (auto& a : wave)
      a.panel_id = a.prev_wave < 0 ? ++res.panels : res.records[static_cast<size_t>(a.prev_wave)][a.prev_row].panel_id;
  return res;
}

}  // namespace tradedig::matcher
