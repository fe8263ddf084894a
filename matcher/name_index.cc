// Candidate generation by an inverted index with IDF weights (matchit's weights(log), and
// Splink's term-frequency idea applied to tokens): a rare 字号 key carries most of the score, and
// only ids sharing at least one usable key with the query are ever scored.
//
// A query walks its posting lists from the shortest (rarest key) to the longest and stops taking
// in new ids once the weight left in the unread lists cannot lift an unseen id to the top_k-th
// score reached so far (the "max-score" rule of search engines, Turtle & Flood 1995). The keys
// every firm has (有限, 公司) have the longest lists and the least weight, so on a large list they
// are never walked: on 1,000,000 names they would be 6 lists of about 750,000 ids per query. The
// result is the same as scoring every id that shares a key: the ids that may still reach the top
// get their exact dot product, summed in the same key order as a full walk would sum it.
//
// The 224 keys held by most names get a bit each, and every name a 224-bit signature of which of
// them it has: the contribution of those keys to a name's score is then known from the signature
// alone, so their lists (hundreds of thousands of ids each) need not be walked, the bounds of the
// names reached are exact for them, and the threshold is reached early.
//
// Memory and cache misses decide the speed on large lists (issue 5 benchmark): keys are interned
// into one character arena with an open-addressing table, postings and each name's keys are flat
// arrays (no heap block per key), and what a query needs of a name it reaches sits in 32 bytes.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string_view>

#include "matcher/matcher.h"

namespace tradedig::matcher {

namespace {

// Rounding slack for comparing a bound with a score: bounds are summed in another order (relative
// error below 1e-13 for a few hundred positive doubles) and divide by the length factor rounded to
// a float (relative error below 6e-8).
constexpr double kBoundSlack = 1e-6;
constexpr uint32_t kNone = 0xffffffffu;
// QueryScratch::reached of an id met that can never reach the threshold.
constexpr uint32_t kRejected = 0xffffffffu;

// How far ahead the loops over slots prefetch: on 1,000,000 names nearly every slot a query
// reaches is a cache miss, and overlapping them is most of the speed.
constexpr size_t kPrefetch = 32;

// A posting list left after the walk stops is still walked (for the ids reached) when it is at
// most this many times as long as the number of ids whose exact score it might spare: reading an
// id's key list costs two cache misses and a probe per key, a posting one probe.
constexpr size_t kWalkPerKeyList = 16;

// Distinct keys stored once, in one character arena; ids are dense and in first-seen order.
class KeyTable {
 public:
  // The key's id, or kNone when it was never inserted.
  uint32_t find(std::string_view key) const {
    if (table_.empty()) return kNone;
    const uint32_t h = hash(key);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const uint64_t e = table_[i];
      if (e == kEmpty) return kNone;
      if (static_cast<uint32_t>(e >> 32) == h && text(static_cast<uint32_t>(e)) == key) return static_cast<uint32_t>(e);
    }
  }
  // (id, true) for a new key, (id, false) for a known one.
  std::pair<uint32_t, bool> insert(std::string_view key) {
    if ((end_.size() + 1) * 2 > table_.size()) grow();
    const uint32_t h = hash(key);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const uint64_t e = table_[i];
      if (e == kEmpty) {
        const uint32_t id = static_cast<uint32_t>(end_.size());
        table_[i] = (static_cast<uint64_t>(h) << 32) | id;
        arena_.append(key);
        end_.push_back(arena_.size());
        return {id, true};
      }
      if (static_cast<uint32_t>(e >> 32) == h && text(static_cast<uint32_t>(e)) == key)
        return {static_cast<uint32_t>(e), false};
    }
  }

 private:
  // An entry is (low 32 bits of the hash) << 32 | id; the table never holds 2^32 entries.
  static constexpr uint64_t kEmpty = ~0ull;
  std::string arena_;
  std::vector<size_t> end_;      // id → end of its text in arena_
  std::vector<uint64_t> table_;  // open addressing, linear probing
  size_t mask_ = 0;

  static uint32_t hash(std::string_view key) { return static_cast<uint32_t>(std::hash<std::string_view>{}(key)); }
  std::string_view text(uint32_t id) const {
    size_t begin = id == 0 ? 0 : end_[id - 1];
    return std::string_view(arena_).substr(begin, end_[id] - begin);
  }
  void grow() {
    std::vector<uint64_t> old = std::move(table_);
    table_.assign(std::max<size_t>(64, old.size() * 2), kEmpty);
    mask_ = table_.size() - 1;
    for (uint64_t e : old) {
      if (e == kEmpty) continue;
      size_t i = (e >> 32) & mask_;
      while (table_[i] != kEmpty) i = (i + 1) & mask_;
      table_[i] = e;
    }
  }
};

// What a query reads of one indexed name.
struct Slot {
  uint64_t key_begin = 0;    // its keys are slot_keys[key_begin, key_begin + key_count)
  double length_factor = 0;  // norm^length_exponent, norm = sqrt(sum of its keys' idf^2)
  uint32_t id = 0;           // the caller's id
  uint32_t key_count = 0;
};

// Keys with a signature bit. Enough that the keys a query leaves unwalked on 1,000,000 names
// (有限, 公司, the commonest region and industry characters) nearly always have one.
constexpr int kFrequentKeys = 224;
constexpr int kSignatureBytes = kFrequentKeys / 8;

// Which frequent keys a name has: bit b of byte b / 8.
struct Signature {
  uint8_t bytes[kSignatureBytes] = {};
  bool has(int b) const { return (bytes[b >> 3] >> (b & 7)) & 1u; }
  void set(int b) { bytes[b >> 3] = static_cast<uint8_t>(bytes[b >> 3] | (1u << (b & 7))); }
};

// What a query reads of every name it reaches: 32 bytes, so never split over two cache lines.
struct alignas(32) SlotBound {
  Signature signature;
  float length = 0;  // Slot::length_factor as a float (bounds only)
};

static_assert(sizeof(SlotBound) == 32);

// Sum of the squared weights of the frequent query keys a signature has among those of `mask`,
// by one 256-entry table per signature byte that holds a query key.
class FrequentWeight {
 public:
  void reset(const Signature& mask, const double (&weight2)[kFrequentKeys]) {
    active_ = 0;
    for (int b = 0; b < kSignatureBytes; ++b) {
      const unsigned byte = mask.bytes[b];
      if (byte == 0) continue;
      bytes_[active_] = b;
      double* t = table_[active_++];
      t[0] = 0;
      for (unsigned v = 1; v < 256; ++v) {
        const unsigned low = static_cast<unsigned>(__builtin_ctz(v));
        t[v] = t[v & (v - 1)] + ((byte >> low) & 1u ? weight2[8 * b + static_cast<int>(low)] : 0.0);
      }
    }
  }
  double operator()(const Signature& s) const {
    double sum = 0;
    for (int a = 0; a < active_; ++a) sum += table_[a][s.bytes[bytes_[a]]];
    return sum;
  }

 private:
  double table_[kSignatureBytes][256];
  int bytes_[kSignatureBytes] = {};
  int active_ = 0;
};

// One id a query has reached.
struct Reached {
  double nonfrequent = 0;  // idf^2 of the walked lists that are not frequent keys and hold it
  double frequent = 0;     // idf^2 of the usable frequent query keys its signature shows
  double scale = 0;        // 1 / (|query| * its length factor)
  double lower = 0;        // (nonfrequent + frequent) * scale: a lower bound of its score
  uint64_t walked_in = 0;  // which of the first 64 lists walked hold it
  uint32_t slot = 0;
  bool candidate = false;  // in QueryScratch::candidates
  bool exact = false;      // `lower` is its exact score
  Signature signature;
};

// Per-thread scratch of query(), kept between queries so that nothing is allocated or zeroed per
// query beyond what it touches. Shared by every index a thread queries; sized to the largest.
struct QueryScratch {
  std::vector<uint32_t> reached;  // slot → 1 + its place in `ids`; 0 = not reached; kRejected
  std::vector<uint32_t> rejected;  // the slots marked kRejected
  std::vector<Reached> ids;       // the ids reached, in the order met
  std::vector<uint32_t> candidates;  // places in `ids` whose lower bound is at least the threshold
  std::vector<double> bounds;
  std::vector<std::pair<double, uint32_t>> upper;  // (upper bound, place in `ids`)
  std::vector<char> has_key;                       // query key position → the scored slot has it
  std::vector<uint64_t> key_position;              // key << 32 | position, open addressing
  FrequentWeight frequent;
};

QueryScratch& query_scratch(size_t slots) {
  thread_local QueryScratch s;
  if (s.reached.size() < slots) s.reached.resize(slots, 0);
  return s;
}

}  // namespace

struct NameIndex::Impl {
  NameIndexOptions opt;
  bool finalized = false;
  KeyTable keys;
  std::vector<uint32_t> df;         // key → number of slots having it
  std::vector<uint32_t> last_slot;  // key → the last slot it was added for (duplicate check)
  std::vector<Slot> slots;
  std::vector<SlotBound> bounds;  // by slot
  // (key, bit) of the kFrequentKeys keys with the longest lists, ordered by key
  std::vector<std::pair<uint32_t, int>> frequent;
  std::vector<uint32_t> slot_keys;  // each slot's keys in the caller's order (the order norms are summed in)
  // Built by finalize():
  std::vector<uint32_t> postings;  // the slots of key k, ascending: [post_end[k-1], post_end[k])
  std::vector<uint64_t> post_end;
  std::vector<double> idf;       // key → log(1 + N / df)
  std::vector<double> key_min_length;  // key → the least length factor of the slots holding it

  bool usable(uint32_t key) const { return opt.max_postings == 0 || df[key] <= opt.max_postings; }
  uint64_t post_begin(uint32_t key) const { return key == 0 ? 0 : post_end[key - 1]; }
};

NameIndex::NameIndex(NameIndexOptions options) : impl_(std::make_unique<Impl>()) { impl_->opt = options; }
NameIndex::~NameIndex() = default;
size_t NameIndex::size() const { return impl_->slots.size(); }

void NameIndex::add(uint32_t id, const std::vector<std::string>& keys) {
  auto& m = *impl_;
  const uint32_t slot = static_cast<uint32_t>(m.slots.size());
  Slot s;
  s.id = id;
  s.key_begin = m.slot_keys.size();
  for (auto& k : keys) {
    auto [kid, inserted] = m.keys.insert(k);
    if (inserted) {
      m.df.push_back(0);
      m.last_slot.push_back(kNone);
    }
    if (m.last_slot[kid] == slot) continue;  // duplicate key in this name
    m.last_slot[kid] = slot;
    ++m.df[kid];
    m.slot_keys.push_back(kid);
  }
  s.key_count = static_cast<uint32_t>(m.slot_keys.size() - s.key_begin);
  m.slots.push_back(s);
  m.finalized = false;
}

void NameIndex::finalize() {
  auto& m = *impl_;
  const double n = static_cast<double>(m.slots.size());
  const size_t nkeys = m.df.size();
  // Postings by counting sort; walking the slots in order leaves each list ascending.
  m.post_end.assign(nkeys, 0);
  uint64_t total = 0;
  for (size_t k = 0; k < nkeys; ++k) m.post_end[k] = total += m.df[k];
  m.postings.assign(total, 0);
  std::vector<uint64_t> fill(nkeys);
  for (size_t k = 0; k < nkeys; ++k) fill[k] = m.post_begin(static_cast<uint32_t>(k));
  for (uint32_t s = 0; s < m.slots.size(); ++s)
    for (uint64_t i = m.slots[s].key_begin; i < m.slots[s].key_begin + m.slots[s].key_count; ++i)
      m.postings[fill[m.slot_keys[i]]++] = s;

  m.idf.resize(nkeys);
  for (size_t k = 0; k < nkeys; ++k) m.idf[k] = std::log(1.0 + n / static_cast<double>(m.df[k]));
  // The frequent keys: longest lists first, ties by key id.
  std::vector<uint32_t> by_df(nkeys);
  for (uint32_t k = 0; k < nkeys; ++k) by_df[k] = k;
  const size_t nfrequent = std::min<size_t>(kFrequentKeys, nkeys);
  std::partial_sort(by_df.begin(), by_df.begin() + static_cast<std::ptrdiff_t>(nfrequent), by_df.end(),
                    [&](uint32_t a, uint32_t b) { return m.df[a] != m.df[b] ? m.df[a] > m.df[b] : a < b; });
  m.frequent.clear();
  for (size_t b = 0; b < nfrequent; ++b) m.frequent.emplace_back(by_df[b], static_cast<int>(b));
  std::sort(m.frequent.begin(), m.frequent.end());
  std::vector<int> bit_of(nkeys, -1);
  for (const auto& [k, b] : m.frequent) bit_of[k] = b;

  m.key_min_length.assign(nkeys, std::numeric_limits<double>::infinity());
  m.bounds.assign(m.slots.size(), SlotBound{});
  for (Slot& s : m.slots) {
    double sum = 0;
    for (uint64_t i = s.key_begin; i < s.key_begin + s.key_count; ++i)
      sum += m.idf[m.slot_keys[i]] * m.idf[m.slot_keys[i]];
    s.length_factor = std::pow(std::sqrt(sum), m.opt.length_exponent);
    SlotBound& bound = m.bounds[static_cast<size_t>(&s - m.slots.data())];
    bound.length = static_cast<float>(s.length_factor);
    for (uint64_t i = s.key_begin; i < s.key_begin + s.key_count; ++i)
      if (bit_of[m.slot_keys[i]] >= 0) bound.signature.set(bit_of[m.slot_keys[i]]);
    for (uint64_t i = s.key_begin; i < s.key_begin + s.key_count; ++i)
      m.key_min_length[m.slot_keys[i]] = std::min(m.key_min_length[m.slot_keys[i]], s.length_factor);
  }
  m.finalized = true;
}

uint64_t NameIndex::pair_estimate(const std::vector<std::string>& keys) const {
  uint64_t total = 0;
  for (auto& k : keys) {
    uint32_t kid = impl_->keys.find(k);
    if (kid != kNone && impl_->usable(kid)) total += impl_->df[kid];
  }
  return total;
}

double NameIndex::idf(const std::string& key) const {
  uint32_t kid = impl_->keys.find(key);
  if (kid == kNone || !impl_->finalized) return std::log(1.0 + static_cast<double>(impl_->slots.size()));
  return impl_->idf[kid];
}

std::vector<Candidate> NameIndex::query(const std::vector<std::string>& keys, size_t top_k) const {
  const auto& m = *impl_;
  std::vector<Candidate> out;
  if (!m.finalized || top_k == 0) return out;
  std::vector<std::pair<uint32_t, double>> hits;  // (key, idf) of known keys, deduplicated, in the caller's order
  double qsum = 0;
  for (auto& k : keys) {
    uint32_t kid = m.keys.find(k);
    // A key no indexed name has cannot separate candidates; it is left out of the norm too.
    if (kid == kNone) continue;
    if (std::any_of(hits.begin(), hits.end(), [&](const auto& h) { return h.first == kid; })) continue;
    double w = m.idf[kid];
    qsum += w * w;
    hits.emplace_back(kid, w);
  }
  if (qsum == 0) return out;
  const double qnorm = std::sqrt(qsum);

  // Usable keys, shortest list first. rest[j] = the weight of order[j..]; an id not met in
  // order[..j) scores at most unseen[j]: if order[l] is the first list it is in (l ≥ j), its dot
  // product is at most rest[l] and its length factor at least the least of that list.
  std::vector<size_t> order;
  for (size_t h = 0; h < hits.size(); ++h)
    if (m.usable(hits[h].first)) order.push_back(h);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return m.df[hits[a].first] < m.df[hits[b].first]; });
  std::vector<double> rest(order.size() + 1, 0.0), unseen(order.size() + 1, 0.0);
  for (size_t j = order.size(); j-- > 0;) {
    rest[j] = rest[j + 1] + hits[order[j]].second * hits[order[j]].second;
    unseen[j] = std::max(unseen[j + 1], rest[j] / (qnorm * m.key_min_length[hits[order[j]].first]));
  }

  // Frequent query keys: their bit, and the squared weight of each bit.
  std::vector<int> bit(hits.size(), -1);
  double weight2[kFrequentKeys] = {};
  Signature frequent_query;  // bits of the usable frequent query keys
  for (size_t h = 0; h < hits.size(); ++h) {
    auto it = std::lower_bound(m.frequent.begin(), m.frequent.end(), std::make_pair(hits[h].first, -1));
    if (it == m.frequent.end() || it->first != hits[h].first || !m.usable(hits[h].first)) continue;
    bit[h] = it->second;
    weight2[it->second] = hits[h].second * hits[h].second;
    frequent_query.set(it->second);
  }

  // nonfrequent_after[j]: the weight of the lists after order[j] that are not frequent keys.
  std::vector<double> nonfrequent_after(order.size() + 1, 0.0);
  for (size_t j = order.size(); j-- > 1;)
    nonfrequent_after[j - 1] = nonfrequent_after[j] + (bit[order[j]] < 0 ? hits[order[j]].second * hits[order[j]].second : 0.0);

  QueryScratch& sc = query_scratch(m.slots.size());
  sc.ids.clear();
  sc.candidates.clear();
  sc.rejected.clear();
  sc.frequent.reset(frequent_query, weight2);

  // Usable query key → its position in hits, for reading a slot's key list: a small open-addressing
  // table (load below 1/4).
  size_t cap = 16;
  while (cap < 4 * hits.size()) cap *= 2;
  auto bucket = [&](uint32_t kid) {
    return static_cast<size_t>((static_cast<uint64_t>(kid) * 0x9E3779B97F4A7C15ull) >> 40) & (cap - 1);
  };
  sc.key_position.assign(cap, ~0ull);
  for (size_t h = 0; h < hits.size(); ++h) {
    if (!m.usable(hits[h].first)) continue;
    size_t b = bucket(hits[h].first);
    while (sc.key_position[b] != ~0ull) b = (b + 1) & (cap - 1);
    sc.key_position[b] = (static_cast<uint64_t>(hits[h].first) << 32) | h;
  }
  sc.has_key.assign(hits.size(), 0);
  // The exact score of a slot once sc.has_key marks the usable query keys it has: the idf^2 of
  // those keys summed in the caller's key order, as a walk of every list would sum them.
  auto score_marked = [&](const Slot& s) {
    double dot = 0;
    for (size_t h = 0; h < hits.size(); ++h) {
      if (!sc.has_key[h]) continue;
      dot += hits[h].second * hits[h].second;
      sc.has_key[h] = 0;
    }
    return dot / (qnorm * s.length_factor);
  };
  // The exact score of a slot from its own key list.
  auto score_from_keys = [&](const Slot& s) {
    for (uint64_t k = s.key_begin; k < s.key_begin + s.key_count; ++k) {
      const uint32_t kid = m.slot_keys[k];
      for (size_t b = bucket(kid); sc.key_position[b] != ~0ull; b = (b + 1) & (cap - 1))
        if (static_cast<uint32_t>(sc.key_position[b] >> 32) == kid) {
          sc.has_key[static_cast<uint32_t>(sc.key_position[b])] = 1;
          break;
        }
    }
    return score_marked(s);
  };

  // A lower bound of an id's score: the lists walked that are not frequent keys, plus every
  // frequent query key its signature shows (walked or not: they count once, from the signature);
  // or its exact score, once computed. Lower bounds only grow as lists are walked, and so does the
  // threshold, the top_k-th best of them: `candidates` holds every id whose lower bound has
  // reached the threshold, so a new threshold is the top_k-th of those alone. 0 while fewer than
  // top_k are reached.
  double threshold = 0.0, max_lower = 0.0;
  auto kth_candidate = [&]() {
    sc.bounds.clear();
    for (uint32_t i : sc.candidates) sc.bounds.push_back(sc.ids[i].lower);
    std::nth_element(sc.bounds.begin(), sc.bounds.begin() + static_cast<std::ptrdiff_t>(top_k - 1), sc.bounds.end(),
                     std::greater<double>());
    return sc.bounds[top_k - 1];
  };
  auto raise_threshold = [&](double to) {
    threshold = to;
    size_t kept = 0;
    for (uint32_t i : sc.candidates) {
      if (sc.ids[i].lower >= threshold)
        sc.candidates[kept++] = i;
      else
        sc.ids[i].candidate = false;
    }
    sc.candidates.resize(kept);
  };
  // The threshold from the lower bounds; then, if that does not stop the walk, the exact scores
  // of the best top_k by lower bound (reading top_k key lists is far cheaper than the lists that
  // a weak threshold would leave to walk).
  auto update_threshold = [&](double stop_below) {
    if (sc.ids.size() < top_k) return;
    raise_threshold(kth_candidate());
    if (stop_below < threshold) return;
    bool changed = false;
    for (size_t c = 0; c < top_k; ++c) {  // the first top_k of candidates after nth_element below
      if (c == 0) {
        std::nth_element(sc.candidates.begin(), sc.candidates.begin() + static_cast<std::ptrdiff_t>(top_k - 1),
                         sc.candidates.end(), [&](uint32_t a, uint32_t b) { return sc.ids[a].lower > sc.ids[b].lower; });
        for (size_t p = 0; p < top_k; ++p) __builtin_prefetch(&m.slots[sc.ids[sc.candidates[p]].slot]);
      }
      Reached& r = sc.ids[sc.candidates[c]];
      if (r.exact) continue;
      r.exact = true;
      r.lower = score_from_keys(m.slots[r.slot]);
      max_lower = std::max(max_lower, r.lower);
      changed = true;
    }
    if (changed) raise_threshold(kth_candidate());
  };
  auto offer = [&](uint32_t i) {
    Reached& r = sc.ids[i];
    max_lower = std::max(max_lower, r.lower);
    if (!r.candidate && r.lower >= threshold) {
      r.candidate = true;
      sc.candidates.push_back(i);
    }
  };
  size_t walked = 0;
  for (; walked < order.size(); ++walked) {
    const size_t h = order[walked];
    const uint32_t kid = hits[h].first;
    // Stop once no unseen id can reach the threshold; computing the threshold waits until the
    // best lower bound says that it might be high enough.
    if (sc.ids.size() >= top_k) {
      const double best_unseen = unseen[walked] * (1 + kBoundSlack);
      if (best_unseen < max_lower) {
        update_threshold(best_unseen);
        if (best_unseen < threshold) break;
      }
    }
    const bool frequent_key = bit[h] >= 0;
    const double w2 = hits[h].second * hits[h].second;
    const uint64_t walk_bit = walked < 64 ? 1ull << walked : 0;
    const uint32_t* list = m.postings.data() + m.post_begin(kid);
    const size_t len = m.df[kid];
    for (size_t i = 0; i < len; ++i) {
      if (i + kPrefetch < len) {
        __builtin_prefetch(&sc.reached[list[i + kPrefetch]]);
        __builtin_prefetch(&m.bounds[list[i + kPrefetch]]);
      }
      const uint32_t s = list[i];
      uint32_t& at = sc.reached[s];
      if (at == 0) {
        const SlotBound& b = m.bounds[s];
        const double nonfrequent = frequent_key ? 0.0 : w2, frequent = sc.frequent(b.signature);
        const double scale = 1.0 / (qnorm * b.length);
        // The most it can score: this list, its frequent keys, and every later list that is not
        // a frequent key. Below the threshold (which only rises) it is never needed again.
        if ((nonfrequent + frequent + nonfrequent_after[walked]) * scale * (1 + kBoundSlack) < threshold) {
          at = kRejected;
          sc.rejected.push_back(s);
          continue;
        }
        Reached& r = sc.ids.emplace_back();
        r.slot = s;
        r.signature = b.signature;
        r.walked_in = walk_bit;
        r.nonfrequent = nonfrequent;
        r.frequent = frequent;
        r.scale = scale;
        r.lower = (nonfrequent + frequent) * scale;
        at = static_cast<uint32_t>(sc.ids.size());
        offer(at - 1);
      } else if (at != kRejected) {
        Reached& r = sc.ids[at - 1];
        r.walked_in |= walk_bit;
        if (frequent_key) continue;  // already in its lower bound
        r.nonfrequent += w2;
        if (r.exact) continue;
        r.lower = (r.nonfrequent + r.frequent) * r.scale;
        offer(at - 1);
      }
    }
  }
  if (sc.ids.size() >= top_k) raise_threshold(kth_candidate());

  // No new id can reach the top now. An id reached may still gain the weight of the lists left
  // that are not frequent keys (the frequent ones are in its lower bound already); the ids that
  // can still reach the threshold then get their exact score, from their own key lists. A short
  // list left is walked instead (for the ids reached only) while that is cheaper than the key
  // lists it spares: it tightens every upper bound. Which keys an id has comes from the lists
  // walked and its signature when every list left is a frequent key and at most 64 were walked.
  std::vector<int> walk_place(hits.size(), -1);  // query key → its number among the lists walked
  for (size_t j = 0; j < walked; ++j) walk_place[order[j]] = static_cast<int>(j);
  size_t lists = walked;
  std::vector<size_t> left;  // the lists left that are not frequent keys, shortest first
  for (size_t j = walked; j < order.size(); ++j)
    if (bit[order[j]] < 0) left.push_back(order[j]);
  auto weight_left = [&](size_t from) {
    double w = 0;
    for (size_t l = from; l < left.size(); ++l) w += hits[left[l]].second * hits[left[l]].second;
    return w;
  };
  auto upper_bound = [&](const Reached& r, double unwalked) { return r.exact ? r.lower : r.lower + unwalked * r.scale; };
  size_t walked_left = 0;
  for (; walked_left < left.size(); ++walked_left) {
    const double unwalked = weight_left(walked_left);
    size_t open = 0;
    for (const Reached& r : sc.ids) open += upper_bound(r, unwalked) * (1 + kBoundSlack) >= threshold;
    const size_t h = left[walked_left];
    if (m.df[hits[h].first] > kWalkPerKeyList * open) break;
    const double w2 = hits[h].second * hits[h].second;
    const uint64_t walk_bit = lists < 64 ? 1ull << lists : 0;
    walk_place[h] = static_cast<int>(lists++);
    const uint32_t* list = m.postings.data() + m.post_begin(hits[h].first);
    const size_t len = m.df[hits[h].first];
    for (size_t i = 0; i < len; ++i) {
      if (i + kPrefetch < len) __builtin_prefetch(&sc.reached[list[i + kPrefetch]]);
      const uint32_t at = sc.reached[list[i]];
      if (at == 0 || at == kRejected) continue;
      Reached& r = sc.ids[at - 1];
      r.walked_in |= walk_bit;
      r.nonfrequent += w2;
      if (r.exact) continue;
      r.lower = (r.nonfrequent + r.frequent) * r.scale;
      offer(at - 1);
    }
    if (sc.ids.size() >= top_k) raise_threshold(kth_candidate());
  }
  const double unwalked = weight_left(walked_left);
  const bool from_bits = walked_left == left.size() && lists <= 64;
  for (uint32_t slot : sc.rejected) sc.reached[slot] = 0;
  sc.upper.clear();
  for (size_t i = 0; i < sc.ids.size(); ++i) {
    const Reached& r = sc.ids[i];
    sc.reached[r.slot] = 0;
    const double u = upper_bound(r, unwalked);
    if (u * (1 + kBoundSlack) >= threshold) sc.upper.emplace_back(u, static_cast<uint32_t>(i));
  }
  // Sorted by upper bound a chunk at a time: usually only the first few dozen are needed.
  auto higher = [](const auto& a, const auto& b) { return a.first > b.first; };
  size_t sorted = 0;
  auto sort_up_to = [&](size_t want) {
    want = std::min(sc.upper.size(), want);
    if (want <= sorted) return;
    auto from = sc.upper.begin() + static_cast<std::ptrdiff_t>(sorted),
         to = sc.upper.begin() + static_cast<std::ptrdiff_t>(want);
    std::nth_element(from, to - 1, sc.upper.end(), higher);
    std::sort(from, to, higher);
    sorted = want;
  };
  auto better = [](const Candidate& a, const Candidate& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  };
  // `out` is kept as a heap whose front is the worst of the best top_k so far.
  for (size_t j = 0; j < sc.upper.size(); ++j) {
    sort_up_to(j + 2 * kPrefetch + 1 > sorted ? std::max<size_t>(64, 2 * sorted) : sorted);
    if (out.size() == top_k && sc.upper[j].first * (1 + kBoundSlack) < out.front().score) break;
    // Two stages: a slot's record 2 × kPrefetch ahead, its keys (whose place the record gives) kPrefetch ahead.
    if (j + 2 * kPrefetch < sc.upper.size()) __builtin_prefetch(&m.slots[sc.ids[sc.upper[j + 2 * kPrefetch].second].slot]);
    if (!from_bits && j + kPrefetch < sc.upper.size())
      __builtin_prefetch(&m.slot_keys[m.slots[sc.ids[sc.upper[j + kPrefetch].second].slot].key_begin]);
    const Reached& r = sc.ids[sc.upper[j].second];
    const Slot& s = m.slots[r.slot];
    double score = r.lower;
    if (!r.exact && from_bits) {
      for (size_t h = 0; h < hits.size(); ++h)
        sc.has_key[h] = walk_place[h] >= 0 ? (r.walked_in >> walk_place[h]) & 1u : bit[h] >= 0 && r.signature.has(bit[h]);
      score = score_marked(s);
    } else if (!r.exact) {
      score = score_from_keys(s);
    }
    Candidate c{s.id, score};
    if (out.size() < top_k) {
      out.push_back(c);
      std::push_heap(out.begin(), out.end(), better);
    } else if (better(c, out.front())) {
      std::pop_heap(out.begin(), out.end(), better);
      out.back() = c;
      std::push_heap(out.begin(), out.end(), better);
    }
  }
  std::sort_heap(out.begin(), out.end(), better);
  return out;
}

}  // namespace tradedig::matcher
