// Linking firm names across sources: Chinese ↔ Chinese and English ↔ Chinese.
//
// A name is first normalised (NFKC, traditional → simplified, one bracket style), then parsed:
// Chinese names into region / 字号 / industry words / legal form (the regulated order
// 行政区划 + 字号 + 行业 + 组织形式, with the region possibly in brackets before the legal form),
// English names into lower-case tokens without legal forms. Candidates come from an inverted
// index of informative keys (characters and bigrams for Chinese; pinyin syllables, joined
// syllable runs and bilingual-lexicon concepts across scripts) weighted by IDF, so no all-pairs
// comparison is made. English candidates are then re-ranked by a word-by-word alignment. On top:
// a Fellegi–Sunter model fitted by EM, threshold decisions and one-to-one assignment.
//
// Errors: constructors throw tradedig::UserError for missing data; nothing else throws on input.
// Threads: const methods keep no mutable state (ICU and OpenCC converters are used read-only),
// but concurrent use has no test yet.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <unordered_map>
#include <vector>

#include "matcher/lexicons.h"

namespace tradedig::matcher {

// The folder of the shipped lexicons (matcher/data in the source tree).
std::string default_data_dir();

// Unicode clean-up shared by both scripts.
class TextNormalizer {
 public:
  // Throws UserError when OpenCC's t2s.json or ICU's NFKC data cannot be opened.
  TextNormalizer();
  ~TextNormalizer();
  TextNormalizer(const TextNormalizer&) = delete;
  TextNormalizer& operator=(const TextNormalizer&) = delete;
  // NFKC (full-width → half-width), traditional → simplified, every bracket kind → "()",
  // runs of white space → one ASCII space, trimmed. Invalid UTF-8 is replaced, never thrown.
  std::string normalize(std::string_view utf8) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A Chinese firm name split into its regulated parts. Each character of `normalized` other than
// brackets lands in exactly one part; a bracketed or trailing region moves to `region`.
struct ZhName {
  std::string normalized;  // normalize() with spaces removed
  std::string region;      // leading (or bracketed) division names, e.g. "广东省深圳市"
  std::string brand;       // 字号; empty only when the name is region + industry + form
  std::string industry;    // 行业 words after the brand, e.g. "电子科技"
  std::string legal_form;  // 组织形式 and group markers, e.g. "(集团)股份有限公司"
  std::string core() const { return brand + industry; }
  // The legal form without the words every firm has (股份有限公司, 有限公司, 公司) and brackets:
  // what is left ("银行", "集团", "证券") is translated in English names and tells firms apart.
  std::string distinctive_form() const;
};
ZhName parse_zh_name(std::string_view raw, const TextNormalizer& norm, const Lexicons& lex);

// An English firm name as lower-case ASCII tokens, abbreviations expanded ("imp" → "import"),
// "&" read as "and", legal forms ("co", "ltd", "company limited", ...) and place words
// ("province", "county") removed; "city" stays, as 城 translates it. Tokens never become empty: a name
// made only of legal words keeps them.
struct EnName {
  std::string normalized;           // lower case, punctuation as single spaces
  std::vector<std::string> tokens;  // informative tokens in order
};
EnName parse_en_name(std::string_view raw, const TextNormalizer& norm);

// Toneless pinyin from ICU's Han-Latin, with the place-name polyphone fixes of the lexicons.
class Pinyin {
 public:
  explicit Pinyin(const Lexicons& lex);  // throws UserError when ICU lacks Han-Latin
  ~Pinyin();
  Pinyin(const Pinyin&) = delete;
  Pinyin& operator=(const Pinyin&) = delete;
  // One syllable per Han character ("海天" → {"hai","tian"}); ASCII letters/digits runs are kept
  // lower-cased as one element; other characters are skipped.
  std::vector<std::string> syllables(std::string_view zh) const;
  // Splits a lower-case ASCII word into the fewest valid pinyin syllables ("haitian" → hai+tian);
  // empty when the word is not pinyin ("vanke").
  std::vector<std::string> split_syllables(std::string_view word) const;
  // One reading per code point of zh: the syllable of a Han character, the lower-cased letter
  // or digit itself, "" for anything else (brackets, punctuation).
  std::vector<std::string> char_readings(std::string_view zh) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Splits a token that is neither a lexicon word nor pinyin into two halves when both are lexicon
// words, or one is a lexicon word and the other pinyin ("doublestar" → "double" "star",
// "kutesmart" → "kute" "smart"); other tokens are kept. Digit runs become their pinyin, digit by
// digit ("net263" → "net" "erliusan"), as Chinese registered names spell numbers in characters.
// link_en applies it before keying and aligning.
EnName split_compound_words(EnName name, const Pinyin& py, const Lexicons& lex);

// Index keys of a name. Chinese↔Chinese keys are characters and character bigrams; cross-script
// keys are pinyin syllables, concatenations of adjacent syllables ("haitian") and lexicon
// concepts ("@科技", reached from "technology").
std::vector<std::string> zh_keys(const ZhName& name);
std::vector<std::string> zh_cross_keys(const ZhName& name, const Pinyin& py, const Lexicons& lex);
std::vector<std::string> en_cross_keys(const EnName& name, const Pinyin& py, const Lexicons& lex);

// How far an English name and a Chinese name explain each other: each English word (or lexicon
// phrase) is explained by a run of Chinese characters whose joined pinyin equals it ("haitian" =
// 海天) or by a Chinese word of the same concept (technology = 科技), or with partial credit by
// part of a lexicon word as short forms keep it (Traffic Control = 交控, from 交通 控制), a
// character whose dictionary definition holds the word (Phoenix = 凤凰, Unihan), the initials of
// a run (ZJBC = 中嘉博创), a run that sounds alike (Loncin = 隆鑫 longxin, see romanization.h),
// more weakly one that only hints at the sound (Topband = 拓邦 tuobang), or shares letter pairs.
// Division suffixes (省, 市) and the legal form need no explanation.
struct CrossAlignment {
  double en_explained = 0;  // weighted share of English words explained, in [0, 1]
  double zh_explained = 0;  // share of Chinese characters (region + 字号 + industry) explained;
                            // region characters weigh more, and more still when unexplained
  double score = 0;         // en_explained * sqrt(zh_explained)
};
// `weight` gives an English word's weight from its key ("w:haitian", "@科技"); nullptr = 1 each.
CrossAlignment align_cross_script(const EnName& en, const ZhName& zh, const Pinyin& py, const Lexicons& lex,
                                  double (*weight)(const std::string& key, const void* ctx) = nullptr,
                                  const void* ctx = nullptr);

// Which way a cross-script link runs: an English name against Chinese names (link_en, a
// shortlist of 200) or a Chinese name against English names (link_zh_en, a shortlist of 3).
enum class CrossDirection { kEnglishQuery, kChineseQuery };

// The probability that a cross-script candidate is the firm, from its ranking score (0.99 ×
// alignment + 0.01 × index score): a logistic curve per direction, fitted by maximum likelihood
// on the A-share names (tests/matcher/score_calibration_test.cc says how), where half the
// queries name a listed firm, as ZhMatchModel's lambda = 0.5 assumes. So English and Chinese
// candidates of one query compare on one scale, and decide()'s thresholds mean the same for both.
// Monotone: the order of the candidates is the order of their alignments.
double cross_script_probability(double ranking_score, CrossDirection direction);
// The Chinese model's posterior log-odds as a probability, recalibrated on the A-share names
// (Platt scaling; score_calibration.cc says how) because the model's fields are not independent.
double calibrated_zh_probability(double log_odds);

struct Candidate {
  uint32_t id = 0;     // the id given to NameIndex::add / NameLinker::add
  double score = 0.0;  // higher is better; comparable only within one query
};

struct NameIndexOptions {
  // Keys held by more than max_postings ids are not used to generate candidates (they still
  // count in the norms), which caps the work per query; 0 means no cap.
  size_t max_postings = 0;
  // score = dot / (|query| * |name|^length_exponent) over IDF-weighted binary key vectors. 1 is
  // the cosine; lower values stop short names winning only by being short (0.25 measured best
  // on the A-share file for both scripts).
  double length_exponent = 0.25;
};

// Inverted index from keys to ids, with IDF weights computed by finalize().
class NameIndex {
 public:
  explicit NameIndex(NameIndexOptions options = {});
  ~NameIndex();
  void add(uint32_t id, const std::vector<std::string>& keys);  // duplicate keys count once
  void finalize();                                              // before any query
  // The best top_k ids by score, best first; ties broken by smaller id.
  std::vector<Candidate> query(const std::vector<std::string>& keys, size_t top_k) const;
  // Number of (query, id) pairs that query() would score: the sum of the posting-list lengths.
  uint64_t pair_estimate(const std::vector<std::string>& keys) const;
  // log(1 + N / df) of a key; a key no indexed name has gets log(1 + N).
  double idf(const std::string& key) const;
  size_t size() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Fellegi–Sunter model over discrete comparison levels (fastLink / Splink convention: level 0
// is the strongest agreement). m[f][l] = P(level l on field f | match), u[f][l] = the same given
// non-match, lambda = P(match) among the compared pairs; fields are independent given the class.
struct FsModel {
  std::vector<std::vector<double>> m, u;
  double lambda = 0.0;
  int iterations = 0;  // EM iterations run
};

// Fits m, u and lambda by EM on unlabelled comparison vectors (each of levels.size() fields,
// gamma[f] < levels[f]). Starts from m favouring level 0 and u favouring the last level, so the
// match class is the one that agrees. Stops when no parameter moves by more than 1e-6.
FsModel fit_fellegi_sunter(const std::vector<std::vector<uint8_t>>& gammas, const std::vector<int>& levels,
                           int max_iterations = 1000);
// Posterior P(match | gamma) under the model.
double match_probability(const FsModel& model, const std::vector<uint8_t>& gamma);

// Comparison levels of two parsed Chinese names: {字号, industry, region, legal form, whole
// name}, with 4, 3, 3, 2 and 4 levels (see zh_comparison.cc for what each level means).
std::vector<uint8_t> compare_zh_names(const ZhName& a, const ZhName& b);
std::vector<int> zh_comparison_levels();

// Chinese↔Chinese match probability, the 0–1 score link_zh returns: the Fellegi–Sunter
// posterior P(match | γ) with γ = compare_zh_names(query, candidate) for a candidate the index
// ranked near the top, where
//  * m (the level shares among true pairs) are default_zh_model().m, measured on perturbed names;
//  * u (among non-matches) are counted on neighbour pairs of the list: each listed name with the
//    most similar other listed name the index finds, and with the most similar one that has
//    another 字号 (what a query meets when its firm is listed, and when it is not). Random pairs (Splink's estimate_u_using_
//    random_sampling) would say that sharing 控股 and one 字号 character (顺丰控股 / 贤丰控股) is
//    rare, but it is common among the candidates a non-listed firm gets, which is what u is for.
//    The counts are shrunk towards default_zh_model().u by 200 pseudo-pairs, so a list of five
//    firms still gets sane values;
//  * lambda = 0.5: a query is as likely to name a listed firm as not;
//  * term-frequency adjustment (Splink's): when the 字号 agree exactly, u is scaled by how common
//    the candidate's 字号 is in the list against the average (count × N / Σ count²), within
//    [kTfMinFactor, kTfMaxFactor], so a 字号 forty firms share is weaker evidence than one only
//    this firm has.
// Example: with the 5 firms of tests/matcher/observation_linker_test.cc, 万科企业股份有限公司
// scores ≈ 1 against itself and 北京字节跳动科技有限公司 ≈ 0 against every firm.
class ZhMatchModel {
 public:
  // `neighbours` are (listed name, its nearest other listed name) pairs, as indexes into `listed`.
  ZhMatchModel(const std::vector<ZhName>& listed, const std::vector<std::pair<uint32_t, uint32_t>>& neighbours);
  // Re-estimates m from pairs a person labelled the same firm and u from pairs labelled different
  // firms (their comparison vectors, compare_zh_names order), each level's share shrunk towards
  // the present value by kLabelPriorPairs pseudo-pairs: a few labels nudge the model, hundreds
  // decide it. Splink's and fastLink's supervised alternative to EM. Returns the labels used.
  size_t learn_from_labels(const std::vector<std::vector<uint8_t>>& same_firm,
                           const std::vector<std::vector<uint8_t>>& different_firms);
  static constexpr double kLabelPriorPairs = 50.0;
  static constexpr double kTfMinFactor = 0.2, kTfMaxFactor = 20.0;
  // The term-frequency factor of a 字号 (1 when the list has no 字号 or this one is unknown).
  double brand_tf_factor(const std::string& brand) const;
  // log(m/u) summed over the fields: the evidence for the pair, before the prior.
  double log_bayes_factor(const ZhName& query, const ZhName& candidate) const;
  // The posterior P(match) for that evidence, in [0, 1], recalibrated on real names
  // (calibrated_zh_probability).
  double probability(double log_bayes_factor) const;
  const FsModel& model() const { return model_; }  // m, the fitted u, and lambda

 private:
  FsModel model_;
  std::unordered_map<std::string, uint32_t> brand_count_;  // 字号 → listed names holding it
  double brand_norm_ = 0;                                   // N / Σ count²
};
// The default m and u (see zh_match_model.cc for how they were measured); lambda is 0.
FsModel default_zh_model();

// A decided pair: `left` indexes the list of candidate lists, `right` is a candidate id.
struct Link {
  uint32_t left = 0;
  uint32_t right = 0;
  double score = 0.0;
};

// One-to-one links for sources that hold one record per firm: candidate pairs are taken in
// descending score (ties: smaller left, then smaller right) and each left and right is used at
// most once. Greedy, not the optimal assignment; lefts whose candidates are all taken get no link.
std::vector<Link> assign_one_to_one(const std::vector<std::vector<Candidate>>& candidates);

enum class Decision { kMatch, kReview, kNonMatch };

// Thresholds on the best candidate of one query, whose score is a match probability in either
// script. Margin 0.15 → 0.25 in issue 5, read off the A-share English-name run
// (tests/matcher/astock_linking_test.cc; TRADEDIG_SHOW_THRESHOLDS=1 prints the grid). Accept
// 0.5 → 0.6 once English scores became probabilities too (cross_script_probability): a
// probability near 0.5 is a namesake as often as the firm (a 字号 wholly different, the industry
// and legal form the same: 普元信息技术 for 航天宏图信息技术 scored 0.505). On perturbed A-share
// names through ObservationLinker (observation_linker_astock_test.cc), with the Chinese
// probabilities recalibrated too, 0.6 accepts 906 of 1,034 firms listed in Chinese at precision
// 0.998 and 515 of 1,034 listed only in English at 0.990, and 40 of 2,068 unlisted firms (0.5:
// 938 at 0.998, 537 at 0.985, 68; raw scores and 0.5: 966 at 1.000, 560 at 0.920, 137); English
// names of the 4,136 A-share firms: 2,342 accepted at 0.992 (2,458 at 0.988 with 0.5).
struct DecisionThresholds {
  double accept_score = 0.6;    // best score at least this ...
  double accept_margin = 0.25;  // ... and ahead of the runner-up by this share of its score
  double review_score = 0.35;   // below this the best candidate is a non-match
};
// kMatch, kReview or kNonMatch for the best of `ranked` (best first; empty → kNonMatch).
Decision decide(const std::vector<Candidate>& ranked, const DecisionThresholds& t = {});

// Links names to a fixed list of Chinese firm names, in either script. link_zh ranks by the
// Chinese index and scores each candidate by ZhMatchModel's probability (so a lower-ranked
// candidate may score higher: decide() then sends the name to review); link_en shortlists 200
// names from the cross-script index, ranks them by 0.99 × align_cross_script().score + 0.01 ×
// index score and scores each by cross_script_probability(). Both return at most top_k, best
// first, with scores that are match probabilities.
class NameLinker {
 public:
  // Throws UserError when a lexicon file in data_dir is missing or malformed. `index` applies to
  // both indexes (set max_postings to cap the work per query on large lists).
  explicit NameLinker(const std::string& data_dir = default_data_dir(), NameIndexOptions index = {});
  ~NameLinker();
  void add(uint32_t id, std::string_view zh_name);  // before finalize()
  void finalize();
  std::vector<Candidate> link_zh(std::string_view zh_name, size_t top_k) const;
  // The same for a name already parsed (parse_zh_name with normalizer() and lexicons()), so a
  // caller that also asks link_zh_en parses it once.
  std::vector<Candidate> link_zh(const ZhName& zh_name, size_t top_k) const;
  std::vector<Candidate> link_en(std::string_view en_name, size_t top_k) const;
  // English names a Chinese name can reach (a firm known only by its English name), with ids of
  // their own, apart from add()'s; before finalize(). link_zh_en is link_en the other way round:
  // an index of the English names' cross-script keys shortlists 3 for the Chinese name's keys,
  // ranked by 0.99 × align_cross_script(English name, Chinese name).score + 0.01 × index score
  // and scored by cross_script_probability(); at most top_k, best first. Empty when no English
  // name was added.
  void add_en(uint32_t id, std::string_view en_name);
  std::vector<Candidate> link_zh_en(std::string_view zh_name, size_t top_k) const;
  std::vector<Candidate> link_zh_en(const ZhName& zh_name, size_t top_k) const;
  // Candidate pairs the index would score for this name (before the shortlist cut), so a caller
  // can print the total before a large run.
  uint64_t pair_estimate_zh(std::string_view zh_name) const;
  uint64_t pair_estimate_en(std::string_view en_name) const;
  // A labelled Chinese pair: `query` against the added name `id` (of several ids, the one with the
  // most evidence is compared: a firm's current, former and short names are all added).
  struct LabelledPair {
    std::string query;
    std::vector<uint32_t> ids;
    bool same_firm = false;
  };
  // After finalize(): trains the Chinese model on labelled pairs (ZhMatchModel::learn_from_labels);
  // link_zh scores with it from then on. Pairs with no added id are skipped. Returns the pairs used.
  size_t learn_zh_from_labels(const std::vector<LabelledPair>& pairs);
  const TextNormalizer& normalizer() const;
  const Lexicons& lexicons() const;
  const Pinyin& pinyin() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tradedig::matcher
