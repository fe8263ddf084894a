#include <algorithm>
#include <atomic>
#include <future>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include "matcher/matcher.h"
#include "util/parallel_for.h"

namespace tradedig::matcher {

#ifndef TRADEDIG_MATCHER_DATA_DIR
#define TRADEDIG_MATCHER_DATA_DIR "matcher/data"
#endif

std::string default_data_dir() { return TRADEDIG_MATCHER_DATA_DIR; }

namespace {
// Listed names whose nearest neighbours are compared to estimate u (ZhMatchModel).
constexpr size_t kNeighbourSample = 2000;
// Names keyed per batch while indexing: a batch's keys (up to ~130 strings a name) are held until
// they are indexed, so batches bound that memory.
constexpr size_t kBatch = 4096;

// Calls use(i, make(i)) for i in [0, n) in order on this thread, while make runs on every core one
// batch ahead: parsing and keying are most of the build time, and an index takes its names in
// order on one thread.
template <class Make, class Use>
void make_in_parallel_use_in_order(size_t n, Make make, Use use) {
  using Made = decltype(make(size_t{0}));
  const size_t threads = util::default_threads();
  auto batch_from = [&](size_t begin) {
    std::vector<Made> batch(std::min(n, begin + kBatch) - begin);
    util::parallel_for(batch.size(), [&](size_t i) { batch[i] = make(begin + i); }, threads, 64);
    return batch;
  };
  std::future<std::vector<Made>> next;
  if (n > 0) next = std::async(std::launch::async, batch_from, 0);
  for (size_t begin = 0; begin < n; begin += kBatch) {
    std::vector<Made> batch = next.get();
    if (begin + kBatch < n) next = std::async(std::launch::async, batch_from, begin + kBatch);
    for (size_t i = 0; i < batch.size(); ++i) use(begin + i, std::move(batch[i]));
  }
}
// Caller's id → slot. Callers mostly number their names 0, 1, 2, ... (ObservationLinker does), so
// ids up to about twice the count sit in a plain array and only the others in a hash map: a
// query looks up each of its candidates, and on a million names the map's misses were a tenth of
// the Chinese query's time.
class IdSlots {
 public:
  void reserve(size_t n) { dense_.reserve(n); }
  void set(uint32_t id, uint32_t slot) {
    if (id < 2 * (count_ + 1024)) {
      if (id >= dense_.size()) dense_.resize(id + 1, kNoSlot);
      dense_[id] = slot;
    } else {
      sparse_[id] = slot;
    }
    ++count_;
  }
  const uint32_t* find(uint32_t id) const {
    if (id < dense_.size()) return dense_[id] == kNoSlot ? nullptr : &dense_[id];
    auto it = sparse_.find(id);
    return it == sparse_.end() ? nullptr : &it->second;
  }
  uint32_t at(uint32_t id) const {
    const uint32_t* s = find(id);
    if (!s) throw std::out_of_range("NameLinker: unknown id");
    return *s;
  }
  template <class Fn>
  void each(Fn&& fn) const {  // fn(id, slot)
    for (uint32_t id = 0; id < dense_.size(); ++id)
      if (dense_[id] != kNoSlot) fn(id, dense_[id]);
    for (const auto& [id, slot] : sparse_) fn(id, slot);
  }

 private:
  static constexpr uint32_t kNoSlot = 0xffffffffu;
  std::vector<uint32_t> dense_;
  std::unordered_map<uint32_t, uint32_t> sparse_;
  size_t count_ = 0;
};
}  // namespace

struct NameLinker::Impl {
  Lexicons lex;
  TextNormalizer norm;
  Pinyin py;
  NameIndex zh_index;
  std::vector<ZhName> names;                    // by slot, for re-ranking
  std::vector<uint32_t> added_id;               // slot → the id given to add()
  IdSlots slot;                                 // caller's id → slot
  std::unique_ptr<ZhMatchModel> zh_model;       // built by finalize()
  std::vector<std::pair<uint32_t, std::string>> pending;  // added, not yet parsed and indexed
  // The cross-script index is built on the first English query: Chinese-only runs (`tradedig
  // link` with Chinese names on both sides) never need it, and it holds most of the keys.
  mutable NameIndex cross_index;
  mutable std::mutex cross_mutex;
  mutable std::atomic<bool> cross_ready{false};
  // English names for Chinese queries (add_en): parsed as link_en parses its query, and indexed by
  // their cross-script keys.
  std::vector<std::pair<uint32_t, std::string>> pending_en;
  std::vector<EnName> en_names;                    // by English slot
  IdSlots en_slot;                                 // caller's id → English slot
  NameIndex en_index;

  Impl(const std::string& dir, NameIndexOptions opt)
      : lex(Lexicons::load(dir)), py(lex), zh_index(opt), cross_index(opt), en_index(opt) {}

  void index_pending() {
    names.reserve(names.size() + pending.size());
    added_id.reserve(added_id.size() + pending.size());
    slot.reserve(names.size() + pending.size());
    struct Keyed {
      ZhName name;
      std::vector<std::string> keys;
    };
    make_in_parallel_use_in_order(
        pending.size(),
        [&](size_t i) {
          Keyed k{parse_zh_name(pending[i].second, norm, lex), {}};
          k.keys = zh_keys(k.name);
          return k;
        },
        [&](size_t i, Keyed&& k) {
          const uint32_t id = pending[i].first;
          zh_index.add(id, k.keys);
          slot.set(id, static_cast<uint32_t>(names.size()));
          names.push_back(std::move(k.name));
          added_id.push_back(id);
        });
    pending = {};
  }

  void index_pending_en() {
    struct Keyed {
      EnName name;
      std::vector<std::string> keys;
    };
    make_in_parallel_use_in_order(
        pending_en.size(),
        [&](size_t i) {
          Keyed k{split_compound_words(parse_en_name(pending_en[i].second, norm), py, lex), {}};
          k.keys = en_cross_keys(k.name, py, lex);
          return k;
        },
        [&](size_t i, Keyed&& k) {
          const uint32_t id = pending_en[i].first;
          en_index.add(id, k.keys);
          en_slot.set(id, static_cast<uint32_t>(en_names.size()));
          en_names.push_back(std::move(k.name));
        });
    pending_en = {};
    en_index.finalize();
  }

  const NameIndex& cross() const {
    if (cross_ready.load(std::memory_order_acquire)) return cross_index;
    std::lock_guard<std::mutex> lock(cross_mutex);
    if (!cross_ready.load(std::memory_order_relaxed)) {
      const size_t from = cross_index.size();  // names added after an earlier build
      make_in_parallel_use_in_order(
          names.size() - from, [&](size_t i) { return zh_cross_keys(names[from + i], py, lex); },
          [&](size_t i, std::vector<std::string>&& keys) { cross_index.add(added_id[from + i], keys); });
      cross_index.finalize();
      cross_ready.store(true, std::memory_order_release);
    }
    return cross_index;
  }
};

NameLinker::NameLinker(const std::string& data_dir, NameIndexOptions index)
    : impl_(std::make_unique<Impl>(data_dir, index)) {}
NameLinker::~NameLinker() = default;

const TextNormalizer& NameLinker::normalizer() const { return impl_->norm; }
const Lexicons& NameLinker::lexicons() const { return impl_->lex; }
const Pinyin& NameLinker::pinyin() const { return impl_->py; }

// Names are only kept here; finalize() parses and indexes them all at once on every core.
void NameLinker::add(uint32_t id, std::string_view zh_name) { impl_->pending.emplace_back(id, std::string(zh_name)); }

void NameLinker::add_en(uint32_t id, std::string_view en_name) { impl_->pending_en.emplace_back(id, std::string(en_name)); }

void NameLinker::finalize() {
  // The English names are indexed beside the Chinese ones: each index is built in order on one
  // thread, and two builds keep both cores busy where one leaves them waiting on it.
  std::future<void> en;
  if (!impl_->pending_en.empty()) en = std::async(std::launch::async, [this] { impl_->index_pending_en(); });
  impl_->index_pending();
  impl_->zh_index.finalize();
  if (en.valid()) en.get();
  impl_->cross_ready = false;
  // Each listed name (every one of a short list, an even spread of kNeighbourSample of a long
  // one) with the most similar other listed name, and with the most similar one that has another
  // 字号: the non-matches a query meets at the top when its firm is listed (often a namesake in a
  // long list) and when it is not (a firm of the same trade and place). With the first alone, a
  // list where most 字号 have namesakes (bench_match: 1,000,000 names from 284,835 字号) makes a
  // wholly different 字号 look common among non-matches, and 申扎县睿洋通讯 was accepted for
  // 申扎县秒懂通讯 at 0.99.
  const auto& names = impl_->names;
  std::vector<uint32_t> slot_id(names.size());
  impl_->slot.each([&](uint32_t id, uint32_t slot) { slot_id[slot] = id; });
  const size_t step = std::max<size_t>(1, names.size() / kNeighbourSample);
  const size_t sampled = (names.size() + step - 1) / step;
  std::vector<int64_t> nearest(sampled, -1);  // sampled name → its nearest other name's slot
  std::vector<int64_t> other_brand(sampled, -1);  // ... and its nearest name with another 字号
  util::parallel_for(sampled, [&](size_t i) {
    const size_t s = i * step;
    for (const Candidate& c : impl_->zh_index.query(zh_keys(names[s]), 10)) {
      uint32_t other = impl_->slot.at(c.id);
      if (c.id == slot_id[s] || names[other].normalized == names[s].normalized) continue;
      if (nearest[i] < 0) nearest[i] = other;
      if (names[other].brand != names[s].brand) {
        other_brand[i] = other;
        break;
      }
    }
  });
  std::vector<std::pair<uint32_t, uint32_t>> neighbours;
  for (size_t i = 0; i < sampled; ++i) {
    if (nearest[i] >= 0) neighbours.emplace_back(static_cast<uint32_t>(i * step), static_cast<uint32_t>(nearest[i]));
    if (other_brand[i] >= 0) neighbours.emplace_back(static_cast<uint32_t>(i * step), static_cast<uint32_t>(other_brand[i]));
  }
  impl_->zh_model = std::make_unique<ZhMatchModel>(names, neighbours);
}

std::vector<Candidate> NameLinker::link_zh(std::string_view zh_name, size_t top_k) const {
  if (!impl_->zh_model) return {};
  return link_zh(parse_zh_name(zh_name, impl_->norm, impl_->lex), top_k);
}

std::vector<Candidate> NameLinker::link_zh(const ZhName& z, size_t top_k) const {
  const Impl& m = *impl_;
  if (!m.zh_model) return {};
  // The index orders the candidates: its IDF-weighted characters and bigrams rank better than the
  // coarse field levels (measured on the A-share file: short names 0.942 top-1 against 0.867 when
  // ranked by the model). The model says how likely each is the firm.
  std::vector<Candidate> out = m.zh_index.query(zh_keys(z), top_k);
  for (Candidate& c : out) c.score = m.zh_model->probability(m.zh_model->log_bayes_factor(z, m.names[m.slot.at(c.id)]));
  return out;
}

size_t NameLinker::learn_zh_from_labels(const std::vector<LabelledPair>& pairs) {
  Impl& m = *impl_;
  if (!m.zh_model) return 0;
  std::vector<std::vector<uint8_t>> same, different;
  for (const auto& p : pairs) {
    const ZhName q = parse_zh_name(p.query, m.norm, m.lex);
    const ZhName* best = nullptr;
    double best_lbf = 0;
    for (uint32_t id : p.ids) {
      const uint32_t* slot = m.slot.find(id);
      if (!slot) continue;
      const ZhName& cand = m.names[*slot];
      const double lbf = m.zh_model->log_bayes_factor(q, cand);
      if (!best || lbf > best_lbf) best = &cand, best_lbf = lbf;
    }
    if (best) (p.same_firm ? same : different).push_back(compare_zh_names(q, *best));
  }
  return m.zh_model->learn_from_labels(same, different);
}

uint64_t NameLinker::pair_estimate_zh(std::string_view zh_name) const {
  return impl_->zh_index.pair_estimate(zh_keys(parse_zh_name(zh_name, impl_->norm, impl_->lex)));
}

uint64_t NameLinker::pair_estimate_en(std::string_view en_name) const {
  const Impl& m = *impl_;
  EnName e = split_compound_words(parse_en_name(en_name, m.norm), m.py, m.lex);
  return m.cross().pair_estimate(en_cross_keys(e, m.py, m.lex));
}

namespace {
// The index only shortlists; the word-by-word alignment decides among this many.
// (600 found 34 more true names in the top 50 but only 5 more at the top, at 2.5 times the time.)
constexpr size_t kCrossShortlist = 200;
// The same for a Chinese name against English names. Far fewer: every Chinese query may pay for
// it, and an alignment costs ~40 us. bench_match (15,000 queries, 100,000 candidates): English-
// only firms found at top-1 0.884 / 0.946 / 0.959 / 0.967 / 0.971 with 1 / 3 / 8 / 20 / 50,
// at 84 us a query for 1 and ~38 us more per name. At the full size (150,000 against 1,000,000,
// two free cores): 5 found 0.690 in 62.2-63.5 s of build + link, 3 found 0.669 in 57.2 s; 3 is
// kept for the 60 s target of issue 5.
constexpr size_t kZhEnShortlist = 3;

double idf_weight(const std::string& key, const void* ctx) { return static_cast<const NameIndex*>(ctx)->idf(key); }

// A cross-script shortlist ranked by 0.99 × the alignment of each name + 0.01 × its index score
// (which only breaks ties between equally explained names), best first, at most top_k, each
// scored by the probability that ranking score stands for.
template <class Align>
std::vector<Candidate> rank_by_alignment(std::vector<Candidate> shortlist, size_t top_k, CrossDirection direction,
                                         Align align) {
  for (Candidate& c : shortlist) c.score = align(c.id).score * 0.99 + c.score * 0.01;
  std::sort(shortlist.begin(), shortlist.end(),
            [](const Candidate& a, const Candidate& b) { return a.score != b.score ? a.score > b.score : a.id < b.id; });
  if (shortlist.size() > top_k) shortlist.resize(top_k);
  for (Candidate& c : shortlist) c.score = cross_script_probability(c.score, direction);
  return shortlist;
}
}  // namespace

std::vector<Candidate> NameLinker::link_en(std::string_view en_name, size_t top_k) const {
  const Impl& m = *impl_;
  EnName e = split_compound_words(parse_en_name(en_name, m.norm), m.py, m.lex);
  const NameIndex& cross = m.cross();
  return rank_by_alignment(cross.query(en_cross_keys(e, m.py, m.lex), std::max(top_k, kCrossShortlist)), top_k, CrossDirection::kEnglishQuery,
                           [&](uint32_t id) {
                             return align_cross_script(e, m.names[m.slot.at(id)], m.py, m.lex, idf_weight, &cross);
                           });
}

std::vector<Candidate> NameLinker::link_zh_en(std::string_view zh_name, size_t top_k) const {
  if (impl_->en_names.empty()) return {};
  return link_zh_en(parse_zh_name(zh_name, impl_->norm, impl_->lex), top_k);
}

std::vector<Candidate> NameLinker::link_zh_en(const ZhName& z, size_t top_k) const {
  const Impl& m = *impl_;
  if (m.en_names.empty()) return {};
  // English words are weighted by their IDF among the English names, as link_en weighs them by
  // theirs among the Chinese names' keys.
  return rank_by_alignment(m.en_index.query(zh_cross_keys(z, m.py, m.lex), kZhEnShortlist), top_k, CrossDirection::kChineseQuery,
                           [&](uint32_t id) {
                             return align_cross_script(m.en_names[m.en_slot.at(id)], z, m.py, m.lex, idf_weight, &m.en_index);
                           });
}

}  // namespace tradedig::matcher
