#include "matcher/observation_linker.h"

#include <algorithm>
#include <limits>
#include <unordered_map>
#include <utility>

#include "matcher/utf8.h"
#include "util/parallel_for.h"

namespace tradedig::matcher {

bool has_han(std::string_view utf8) {
  // Code point by code point as split_code_points() cuts them, without building the pieces.
  for (size_t i = 0; i < utf8.size();) {
    const size_t n = code_point_length(utf8, i);
    if (n == 3 && is_han(utf8.substr(i, 3))) return true;
    i += n;
  }
  return false;
}

const char* decision_name(Decision d) {
  switch (d) {
    case Decision::kMatch: return "match";
    case Decision::kReview: return "review";
    case Decision::kNonMatch: break;
  }
  return "nonmatch";
}

namespace {

// An English name reduced to its informative tokens, for exact comparison.
std::string en_key(std::string_view name, const TextNormalizer& norm) {
  std::string key;
  for (const auto& t : parse_en_name(name, norm).tokens) {
    if (!key.empty()) key += ' ';
    key += t;
  }
  return key;
}

// The years a name was valid, inclusive; unbounded ends are open.
struct Validity {
  int from = std::numeric_limits<int>::min(), to = std::numeric_limits<int>::max();
  explicit Validity(const FirmNameEntry& n)
      : from(n.valid_from.value_or(std::numeric_limits<int>::min())),
        to(n.valid_to.value_or(std::numeric_limits<int>::max())) {}
  bool holds(std::optional<int> year) const { return !year || (*year >= from && *year <= to); }
};

struct FirmHit {
  uint32_t firm = 0;
  double score = 0.0;
  const std::string* name = nullptr;  // the firm's name behind the score
};

std::vector<Candidate> as_candidates(const std::vector<FirmHit>& hits) {
  std::vector<Candidate> out;
  out.reserve(hits.size());
  for (const auto& h : hits) out.push_back({h.firm, h.score});
  return out;
}

}  // namespace

struct ObservationLinker::Impl {
  Options opt;
  NameLinker linker;
  std::vector<std::string> firm_ids;
  // A firm's name as the linker holds it: its firm (index into firm_ids), the text, its years.
  struct FirmName {
    uint32_t firm;
    std::string name;
    Validity valid;
  };
  std::vector<FirmName> zh_names;  // by NameLinker id (add)
  std::vector<FirmName> en_names;  // by NameLinker English id (add_en): firms without a Chinese name
  std::unordered_map<std::string, std::vector<FirmName>> en_exact;  // en_key → the firms' English names

  explicit Impl(Options o) : opt(std::move(o)), linker(opt.data_dir, opt.index) {}

  std::vector<FirmHit> rank(std::string_view entity_name, std::optional<int> year) const {
    const bool zh = has_han(entity_name);
    std::optional<ZhName> parsed;  // once, for link_zh and link_zh_en
    if (zh) parsed = parse_zh_name(entity_name, linker.normalizer(), linker.lexicons());
    auto hits = zh ? linker.link_zh(*parsed, opt.top_k) : linker.link_en(entity_name, opt.top_k);
    std::unordered_map<uint32_t, size_t> where;  // firm → position in out
    std::vector<FirmHit> out;
    auto offer = [&](const FirmName& n, double score) {
      if (!n.valid.holds(year)) return;
      auto [it, fresh] = where.emplace(n.firm, out.size());
      if (fresh) {
        out.push_back({n.firm, score, &n.name});
      } else if (score > out[it->second].score) {
        out[it->second].score = score;
        out[it->second].name = &n.name;
      }
    };
    auto by_score = [&] {
      std::sort(out.begin(), out.end(), [](const FirmHit& a, const FirmHit& b) {
        return a.score != b.score ? a.score > b.score : a.firm < b.firm;
      });
    };
    for (const auto& h : hits) offer(zh_names[h.id], h.score);
    if (!zh && !en_exact.empty()) {
      auto it = en_exact.find(en_key(entity_name, linker.normalizer()));
      if (it != en_exact.end())
        for (const auto& e : it->second) offer(e, 1.0);
    }
    by_score();
    // Firms known only by an English name, through the cross-script alignment; as in sequential
    // matching, only when the Chinese names give no match decision (the alignment costs more
    // than the rest of the query, and a firm's own Chinese name is the stronger evidence).
    if (zh && opt.zh_to_english && !en_names.empty() && decide(as_candidates(out), opt.thresholds) != Decision::kMatch) {
      for (const auto& h : linker.link_zh_en(*parsed, opt.top_k)) offer(en_names[h.id], h.score);
      by_score();
    }
    if (out.size() > opt.top_k) out.resize(opt.top_k);
    return out;
  }

  // rank()'s result with each firm's id and the name of it that scored best.
  std::vector<RankedFirm> ranked_firms(const std::vector<FirmHit>& hits) const {
    std::vector<RankedFirm> out;
    out.reserve(hits.size());
    for (const auto& h : hits) out.push_back({firm_ids[h.firm], h.score, *h.name});
    return out;
  }

  // The best firm of `hits` (rank()'s result) and the decision on it; nullopt when there is none.
  std::optional<ObservationLink> link(int64_t obs_id, std::string_view entity_name, const std::vector<FirmHit>& hits) const {
    if (hits.empty()) return std::nullopt;
    std::vector<Candidate> ranked = as_candidates(hits);
    ObservationLink l;
    l.firm_id = firm_ids[hits[0].firm];
    l.obs_id = obs_id;
    l.score = hits[0].score;
    l.method = has_han(entity_name) ? "zh" : "en";
    l.decision = decide(ranked, opt.thresholds);
    l.matched_name = *hits[0].name;
    return l;
  }
};

ObservationLinker::ObservationLinker(const std::vector<FirmNameEntry>& names)
    : ObservationLinker(names, Options{}) {}

ObservationLinker::ObservationLinker(const std::vector<FirmNameEntry>& names, Options options)
    : impl_(std::make_unique<Impl>(std::move(options))) {
  std::unordered_map<std::string, uint32_t> firm_index;
  firm_index.reserve(names.size());
  std::vector<uint32_t> firm_of(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    auto [it, fresh] = firm_index.emplace(names[i].firm_id, static_cast<uint32_t>(impl_->firm_ids.size()));
    if (fresh) impl_->firm_ids.push_back(names[i].firm_id);
    firm_of[i] = it->second;
  }
  // The exact-match keys of the English names, parsed on every core (a quarter of a million
  // English names take seconds on one).
  std::vector<std::string> exact_key(names.size());
  util::parallel_for(
      names.size(), [&](size_t i) { if (!names[i].chinese) exact_key[i] = en_key(names[i].name, impl_->linker.normalizer()); },
      0, 256);
  // Only firms without any Chinese name are reached through their English names: a firm's own
  // Chinese name is the stronger evidence, and aligning every Chinese query to every firm's
  // English name as well would only add namesakes (北京字节跳动科技 against "Beijing ... Technology").
  std::vector<bool> has_chinese(impl_->firm_ids.size(), false);
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i].chinese) has_chinese[firm_of[i]] = true;
  for (size_t i = 0; i < names.size(); ++i) {
    const FirmNameEntry& n = names[i];
    const uint32_t firm = firm_of[i];
    const Impl::FirmName entry{firm, n.name, Validity(n)};
    if (n.chinese) {
      impl_->linker.add(static_cast<uint32_t>(impl_->zh_names.size()), n.name);
      impl_->zh_names.push_back(entry);
    } else {
      if (impl_->opt.zh_to_english && !has_chinese[firm]) {
        impl_->linker.add_en(static_cast<uint32_t>(impl_->en_names.size()), n.name);
        impl_->en_names.push_back(entry);
      }
      if (exact_key[i].empty()) continue;
      // One firm may hold the same English name over several spells: each keeps its years.
      impl_->en_exact[std::move(exact_key[i])].push_back(entry);
    }
  }
  impl_->linker.finalize();
}

ObservationLinker::~ObservationLinker() = default;

uint64_t ObservationLinker::pair_estimate(std::string_view entity_name) const {
  return has_han(entity_name) ? impl_->linker.pair_estimate_zh(entity_name) : impl_->linker.pair_estimate_en(entity_name);
}

std::vector<Candidate> ObservationLinker::rank_firms(std::string_view entity_name, std::optional<int> year) const {
  std::vector<Candidate> out;
  for (const auto& h : impl_->rank(entity_name, year)) out.push_back({h.firm, h.score});
  return out;
}

std::vector<ObservationLinker::RankedFirm> ObservationLinker::rank(std::string_view entity_name,
                                                                   std::optional<int> year) const {
  return impl_->ranked_firms(impl_->rank(entity_name, year));
}

const std::vector<std::string>& ObservationLinker::firm_ids() const { return impl_->firm_ids; }

size_t ObservationLinker::learn_from_labels(const std::vector<Label>& labels) {
  std::unordered_map<std::string, std::vector<uint32_t>> firm_names;  // firm_id → its Chinese name ids
  for (uint32_t id = 0; id < impl_->zh_names.size(); ++id)
    firm_names[impl_->firm_ids[impl_->zh_names[id].firm]].push_back(id);
  std::vector<NameLinker::LabelledPair> pairs;
  for (const auto& l : labels) {
    auto it = firm_names.find(l.firm_id);
    if (it == firm_names.end() || !has_han(l.entity_name)) continue;
    pairs.push_back({l.entity_name, it->second, l.same_firm});
  }
  return impl_->linker.learn_zh_from_labels(pairs);
}

std::optional<ObservationLink> ObservationLinker::link(int64_t obs_id, std::string_view entity_name,
                                                       std::optional<int> year) const {
  return impl_->link(obs_id, entity_name, impl_->rank(entity_name, year));
}

std::optional<ObservationLink> ObservationLinker::link(int64_t obs_id, std::string_view entity_name,
                                                       std::vector<RankedFirm>& ranked_out, std::optional<int> year) const {
  auto hits = impl_->rank(entity_name, year);
  auto l = impl_->link(obs_id, entity_name, hits);
  ranked_out = impl_->ranked_firms(hits);
  return l;
}

}  // namespace tradedig::matcher
