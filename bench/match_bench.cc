// Name linkage at scale (issue 5): Chinese firm names linked against a large list of candidate
// names, Chinese and English, through the path `tradedig link` takes (ObservationLinker: the
// candidates are RIGHT, the queries LEFT). The names come from bench/firm_name_generator.h with a
// fixed seed. A share of the queries name a candidate firm, with one kind of noise each
// (traditional characters, region in full-width brackets, region dropped, another legal form, a
// 字号 typo, or none); the others name firms that are not listed. Prints wall time for generating
// (not part of the measure), building the index, estimating the pair count and linking, the peak
// resident memory after each step, the candidate pairs (what `tradedig link` prints before it
// links), and top-1 accuracy on the queries whose firm is listed, as a check that the work is real.
// A listed firm whose only name among the candidates is English is found through the cross-script
// alignment (NameLinker::link_zh_en, when the Chinese names give no match decision); those
// queries are counted apart. The checksum covers every query's best firm and score: equal checksums mean
// equal results (across --threads, or before and after a change to the matcher).
//
//   build/bench/bench_match [--queries 150000] [--candidates 1000000] [--listed 0.6]
//                           [--english 0.25] [--threads 2] [--seed 20260105] [--max-postings 0] [--zh-en 1] [--top-k 10]
//                           [--shared ../shared] [--write-csv DIR]
//
//   --queries N        Chinese query names (LEFT)
//   --candidates N     candidate names (RIGHT), one firm each
//   --listed P         share of the queries whose firm is among the candidates
//   --english P        share of the candidates given by their English name
//   --threads N        threads for the linking loop (ObservationLinker is const and shared)
//   --seed S           random seed of the generator
//   --max-postings N   NameIndexOptions::max_postings (0: no cap, as `tradedig link` runs)
//   --zh-en 0|1        ObservationLinker::Options::zh_to_english (1, as `tradedig link` runs)
//   --top-k N          ObservationLinker::Options::top_k, index candidates re-scored a query (10)
//   --show-false N     print the first N unlisted queries that were auto-accepted, with the name they took
//   --shared DIR       the project's shared data folder (for brand.txt)
//   --write-csv DIR    also write DIR/candidates.csv (id,name) and DIR/queries.csv
//                      (id,name,truth_id,noise), to run `tradedig link` on the same names
//
// Peak memory of the whole run: /usr/bin/time -v build/bench/bench_match ... ("Maximum resident
// set size"). A smaller run: --queries 15000 --candidates 100000.
#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "bench/firm_name_generator.h"
#include "matcher/observation_linker.h"
#include "util/csv_field.h"
#include "util/parallel_for.h"
#include "util/error.h"

using Clock = std::chrono::steady_clock;
using tradedig::bench::FirmNameGenerator;
using tradedig::bench::FirmParts;
using tradedig::bench::NameNoise;
namespace matcher = tradedig::matcher;

namespace {

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// CPU seconds of the whole process so far (every thread): on a machine shared with others the
// wall time of a step varies from run to run, its CPU time much less.
double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

double peak_rss_mb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

struct Query {
  std::string name;
  int64_t truth = -1;  // candidate row of the firm, -1 when it is not listed
  NameNoise noise = NameNoise::kNone;
};

struct Options {
  size_t queries = 150000, candidates = 1000000, threads = 2, max_postings = 0, top_k = 10, show_false = 0;
  bool zh_en = true;
  double listed = 0.6, english = 0.25;
  uint64_t seed = 20260105;
  std::string shared = TRADEDIG_SHARED_DIR, write_csv;
};

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (i + 1 >= argc)
      throw tradedig::UserError(fmt::format("{} needs a value (see the header of bench/match_bench.cc)", a));
    std::string v = argv[++i];
    if (a == "--queries")
      o.queries = std::stoull(v);
    else if (a == "--candidates")
      o.candidates = std::stoull(v);
    else if (a == "--listed")
      o.listed = std::stod(v);
    else if (a == "--english")
      o.english = std::stod(v);
    else if (a == "--threads")
      o.threads = std::max<size_t>(1, std::stoull(v));
    else if (a == "--seed")
      o.seed = std::stoull(v);
    else if (a == "--max-postings")
      o.max_postings = std::stoull(v);
    else if (a == "--zh-en")
      o.zh_en = v != "0";
    else if (a == "--show-false")
      o.show_false = std::stoull(v);
    else if (a == "--top-k")
      o.top_k = std::max<size_t>(1, std::stoull(v));
    else if (a == "--shared")
      o.shared = v;
    else if (a == "--write-csv")
      o.write_csv = v;
    else
      throw tradedig::UserError(fmt::format("unknown option {} (see the header of bench/match_bench.cc)", a));
  }
  if (o.listed < 0 || o.listed > 1 || o.english < 0 || o.english > 1)
    throw tradedig::UserError("--listed and --english are shares in [0, 1]");
  if (static_cast<double>(o.queries) * o.listed > static_cast<double>(o.candidates))
    throw tradedig::UserError("--queries × --listed exceeds --candidates");
  return o;
}

// Candidates (one firm per row, id = row + 1 as `tradedig link` numbers rows) and queries. Listed
// queries take distinct candidate rows; unlisted ones are firms whose Chinese name no candidate has.
void generate(const Options& o, const FirmNameGenerator& gen, std::vector<matcher::FirmNameEntry>& candidates,
              std::vector<Query>& queries) {
  std::mt19937_64 rng(o.seed);
  const size_t listed = static_cast<size_t>(static_cast<double>(o.queries) * o.listed);
  // Which candidate rows are named by a query: a partial Fisher–Yates shuffle of the rows.
  std::vector<uint32_t> rows(o.candidates);
  for (size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<uint32_t>(i);
  for (size_t i = 0; i < listed; ++i)
    std::swap(rows[i], rows[std::uniform_int_distribution<size_t>(i, rows.size() - 1)(rng)]);
  std::vector<int64_t> query_of(o.candidates, -1);
  for (size_t i = 0; i < listed; ++i) query_of[rows[i]] = static_cast<int64_t>(i);
  rows = {};

  queries.assign(o.queries, Query{});
  candidates.clear();
  candidates.reserve(o.candidates);
  std::unordered_set<std::string> taken;  // Chinese names of the candidate firms
  taken.reserve(o.candidates);
  for (size_t row = 0; row < o.candidates; ++row) {
    FirmParts f = gen.firm(rng);
    std::string zh = FirmNameGenerator::chinese(f);
    if (!taken.insert(zh).second) {
      --row;  // the same firm twice would make the truth ambiguous
      continue;
    }
    bool english = std::uniform_real_distribution<double>(0, 1)(rng) < o.english;
    candidates.push_back({std::to_string(row + 1), english ? gen.english(f, rng) : zh, !english});
    if (query_of[row] < 0) continue;
    Query& q = queries[static_cast<size_t>(query_of[row])];
    // Noise that moves or drops the region needs one.
    int kinds = tradedig::bench::kNameNoiseKinds;
    do {
      q.noise = static_cast<NameNoise>(std::uniform_int_distribution<int>(0, kinds - 1)(rng));
    } while (f.region.empty() && (q.noise == NameNoise::kRegionInBrackets || q.noise == NameNoise::kDropRegion));
    q.name = gen.noisy_chinese(f, q.noise, rng);
    q.truth = static_cast<int64_t>(row);
  }
  for (size_t i = listed; i < o.queries; ++i) {
    std::string zh;
    do zh = FirmNameGenerator::chinese(gen.firm(rng));
    while (taken.count(zh));
    queries[i].name = std::move(zh);
  }
  // Listed and unlisted queries interleaved, as a real list has them.
  std::shuffle(queries.begin(), queries.end(), rng);
}

void write_csv(const Options& o, const std::vector<matcher::FirmNameEntry>& candidates,
               const std::vector<Query>& queries) {
  std::ofstream c(o.write_csv + "/candidates.csv"), q(o.write_csv + "/queries.csv");
  if (!c || !q) throw tradedig::UserError(fmt::format("cannot write into {}", o.write_csv));
  c << "id,name\n";
  for (const auto& e : candidates) c << e.firm_id << ',' << tradedig::csv_field(e.name) << '\n';
  q << "id,name,truth_id,noise\n";
  for (size_t i = 0; i < queries.size(); ++i)
    q << i + 1 << ',' << tradedig::csv_field(queries[i].name) << ','
      << (queries[i].truth < 0 ? std::string() : std::to_string(queries[i].truth + 1)) << ','
      << (queries[i].truth < 0 ? "unlisted" : tradedig::bench::noise_name(queries[i].noise)) << '\n';
}

struct Outcome {
  std::string best;  // firm id of the best candidate, "" when none
  double score = 0;
  matcher::Decision decision = matcher::Decision::kNonMatch;
};

}  // namespace

int main(int argc, char** argv) try {
  const Options o = parse_options(argc, argv);
  std::printf(
      "bench_match: %zu queries (%.0f %% listed) against %zu candidates (%.0f %% English), %zu threads, seed %llu\n",
      o.queries, 100 * o.listed, o.candidates, 100 * o.english, o.threads, static_cast<unsigned long long>(o.seed));

  auto t = Clock::now();
  std::vector<matcher::FirmNameEntry> candidates;
  std::vector<Query> queries;
  {
    const std::string data_dir = matcher::default_data_dir();
    matcher::Lexicons lex = matcher::Lexicons::load(data_dir);
    matcher::Pinyin py(lex);
    FirmNameGenerator gen(o.shared, data_dir, lex, py);
    generate(o, gen, candidates, queries);
  }
  std::printf("generate: %.1f s (not part of the measure); peak RSS so far %.0f MB\n", since(t), peak_rss_mb());
  for (size_t i = 0; i < 3 && i < queries.size(); ++i)
    std::printf("  e.g. query '%s' (%s)\n", queries[i].name.c_str(),
                queries[i].truth < 0 ? "unlisted" : tradedig::bench::noise_name(queries[i].noise));
  for (size_t i = 0; i < 3 && i < candidates.size(); ++i)
    std::printf("  e.g. candidate '%s'\n", candidates[i].name.c_str());
  if (!o.write_csv.empty()) write_csv(o, candidates, queries);

  t = Clock::now();
  double cpu = cpu_seconds();
  matcher::ObservationLinker::Options lo;
  lo.index.max_postings = o.max_postings;
  lo.zh_to_english = o.zh_en;
  lo.top_k = o.top_k;
  matcher::ObservationLinker linker(candidates, lo);
  const double build_s = since(t);
  std::printf("build index: %.1f s (CPU %.1f s); peak RSS so far %.0f MB\n", build_s, cpu_seconds() - cpu,
              peak_rss_mb());

  t = Clock::now();
  std::vector<uint64_t> pairs(queries.size());
  tradedig::util::parallel_for(
      queries.size(), [&](size_t i) { pairs[i] = linker.pair_estimate(queries[i].name); }, o.threads, 64);
  uint64_t total_pairs = 0;
  for (uint64_t p : pairs) total_pairs += p;
  std::printf("pair estimate: %.1f s; %llu candidate pairs (sum of the posting lists the queries meet)\n", since(t),
              static_cast<unsigned long long>(total_pairs));

  t = Clock::now();
  cpu = cpu_seconds();
  std::vector<Outcome> out(queries.size());
  tradedig::util::parallel_for(
      queries.size(),
      [&](size_t i) {
        std::vector<matcher::ObservationLinker::RankedFirm> ranked;
        auto l = linker.link(static_cast<int64_t>(i + 1), queries[i].name, ranked);
        if (l) out[i] = {l->firm_id, l->score, l->decision};
      },
      o.threads, 64);
  const double link_s = since(t);
  const double link_cpu = cpu_seconds() - cpu;
  std::printf("link: %.1f s (%.0f queries/s; CPU %.1f s, %.0f us a query); peak RSS so far %.0f MB\n", link_s,
              static_cast<double>(queries.size()) / link_s, link_cpu,
              1e6 * link_cpu / static_cast<double>(queries.size()), peak_rss_mb());
  std::printf("build + link: %.1f s\n", build_s + link_s);

  // Accuracy on the listed firms, by noise and by the script of their candidate name.
  size_t listed = 0, correct = 0, english_listed = 0, english_correct = 0, accepted_right = 0, accepted_listed = 0;
  size_t unlisted = 0, unlisted_accepted = 0;
  std::vector<size_t> by_noise(tradedig::bench::kNameNoiseKinds), by_noise_ok(tradedig::bench::kNameNoiseKinds);
  uint64_t checksum = 1469598103934665603ull;  // FNV-1a over "best,score;" of every query
  for (size_t i = 0; i < queries.size(); ++i) {
    for (char c : fmt::format("{},{:.6f};", out[i].best, out[i].score))
      checksum = (checksum ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    const Query& q = queries[i];
    bool accepted = out[i].decision == matcher::Decision::kMatch;
    if (q.truth < 0) {
      ++unlisted;
      unlisted_accepted += accepted;
      if (accepted && unlisted_accepted <= o.show_false)
        std::printf("  unlisted, accepted: %s -> %s (%.3f)\n", q.name.c_str(),
                    candidates[std::stoull(out[i].best) - 1].name.c_str(), out[i].score);
      continue;
    }
    bool ok = out[i].best == candidates[static_cast<size_t>(q.truth)].firm_id;
    if (!candidates[static_cast<size_t>(q.truth)].chinese) {
      ++english_listed;
      english_correct += ok;
      continue;
    }
    ++listed;
    correct += ok;
    accepted_listed += accepted;
    accepted_right += accepted && ok;
    ++by_noise[static_cast<size_t>(q.noise)];
    by_noise_ok[static_cast<size_t>(q.noise)] += ok;
  }
  auto share = [](size_t a, size_t b) { return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b); };
  std::printf("top-1 on listed firms with a Chinese candidate name: %zu / %zu = %.3f\n", correct, listed,
              share(correct, listed));
  for (int k = 0; k < tradedig::bench::kNameNoiseKinds; ++k)
    std::printf("  %-20s %6zu / %6zu = %.3f\n", tradedig::bench::noise_name(static_cast<NameNoise>(k)), by_noise_ok[k],
                by_noise[k], share(by_noise_ok[k], by_noise[k]));
  std::printf("  auto-accepted (decide = match): %zu, of which right %zu (precision %.3f)\n", accepted_listed,
              accepted_right, share(accepted_right, accepted_listed));
  std::printf("top-1 on listed firms with only an English candidate name: %zu / %zu = %.3f\n", english_correct,
              english_listed, share(english_correct, english_listed));
  std::printf("unlisted queries auto-accepted (false matches): %zu / %zu = %.4f\n", unlisted_accepted, unlisted,
              share(unlisted_accepted, unlisted));
  std::printf("checksum of the results: %016llx\n", static_cast<unsigned long long>(checksum));
  std::printf("peak RSS of the process: %.0f MB\n", peak_rss_mb());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "bench_match: %s\n", e.what());
  return 1;
}
