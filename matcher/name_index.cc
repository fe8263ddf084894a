// Candidate generation by an inverted index with IDF weights (matchit's weights(log), and
// Splink's term-frequency idea applied to tokens): a rare 字号 key carries most of the score, and
// only ids sharing at least one usable key with the query are ever scored.
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "matcher/matcher.h"

namespace tradedig::matcher {

struct NameIndex::Impl {
  NameIndexOptions opt;
  bool finalized = false;
  std::unordered_map<std::string, uint32_t> key_ids;
  std::vector<std::vector<uint32_t>> postings;  // key → slots
  std::vector<double> idf;                      // key → log(1 + N / df)
  std::vector<uint32_t> ids;                    // slot → caller's id
  std::vector<std::vector<uint32_t>> slot_keys; // slot → keys (for norms)
  std::vector<double> norm;                     // slot → sqrt(sum idf^2)
};

NameIndex::NameIndex(NameIndexOptions options) : impl_(std::make_unique<Impl>()) { impl_->opt = options; }
NameIndex::~NameIndex() = default;
size_t NameIndex::size() const { return impl_->ids.size(); }

void NameIndex::add(uint32_t id, const std::vector<std::string>& keys) {
  auto& m = *impl_;
  uint32_t slot = static_cast<uint32_t>(m.ids.size());
  m.ids.push_back(id);
  std::vector<uint32_t> kids;
  for (auto& k : keys) {
    auto [it, inserted] = m.key_ids.emplace(k, static_cast<uint32_t>(m.postings.size()));
    if (inserted) m.postings.emplace_back();
    auto& p = m.postings[it->second];
    if (!p.empty() && p.back() == slot) continue;  // duplicate key in this name
    p.push_back(slot);
    kids.push_back(it->second);
  }
  m.slot_keys.push_back(std::move(kids));
  m.finalized = false;
}

void NameIndex::finalize() {
  auto& m = *impl_;
  const double n = static_cast<double>(m.ids.size());
  m.idf.resize(m.postings.size());
  for (size_t k = 0; k < m.postings.size(); ++k) m.idf[k] = std::log(1.0 + n / static_cast<double>(m.postings[k].size()));
  m.norm.assign(m.ids.size(), 0.0);
  for (size_t s = 0; s < m.ids.size(); ++s) {
    double sum = 0;
    for (uint32_t k : m.slot_keys[s]) sum += m.idf[k] * m.idf[k];
    m.norm[s] = std::sqrt(sum);
  }
  m.finalized = true;
}

uint64_t NameIndex::pair_estimate(const std::vector<std::string>& keys) const {
  uint64_t total = 0;
  for (auto& k : keys) {
    auto it = impl_->key_ids.find(k);
    if (it == impl_->key_ids.end()) continue;
    size_t len = impl_->postings[it->second].size();
    if (impl_->opt.max_postings == 0 || len <= impl_->opt.max_postings) total += len;
  }
  return total;
}

double NameIndex::idf(const std::string& key) const {
  auto it = impl_->key_ids.find(key);
  if (it == impl_->key_ids.end() || !impl_->finalized) return std::log(1.0 + static_cast<double>(impl_->ids.size()));
  return impl_->idf[it->second];
}

std::vector<Candidate> NameIndex::query(const std::vector<std::string>& keys, size_t top_k) const {
  const auto& m = *impl_;
  std::vector<Candidate> out;
  if (!m.finalized || top_k == 0) return out;
  std::vector<std::pair<uint32_t, double>> hits;  // (key, idf) of known keys, deduplicated
  std::vector<uint32_t> seen;
  double qsum = 0;
  for (auto& k : keys) {
    auto it = m.key_ids.find(k);
    // A key no indexed name has cannot separate candidates; it is left out of the norm too.
    if (it == m.key_ids.end() || std::find(seen.begin(), seen.end(), it->second) != seen.end()) continue;
    seen.push_back(it->second);
    double w = m.idf[it->second];
    qsum += w * w;
    hits.emplace_back(it->second, w);
  }
  if (qsum == 0) return out;
  std::unordered_map<uint32_t, double> acc;
  for (auto& [k, w] : hits) {
    const auto& p = m.postings[k];
    if (m.opt.max_postings != 0 && p.size() > m.opt.max_postings) continue;
    for (uint32_t s : p) acc[s] += w * w;
  }
  const double qnorm = std::sqrt(qsum);
  out.reserve(acc.size());
  for (auto& [s, dot] : acc) out.push_back({m.ids[s], dot / (qnorm * std::pow(m.norm[s], m.opt.length_exponent))});
  auto better = [](const Candidate& a, const Candidate& b) { return a.score != b.score ? a.score > b.score : a.id < b.id; };
  size_t k = std::min(top_k, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(k), out.end(), better);
  out.resize(k);
  return out;
}

}  // namespace tradedig::matcher
