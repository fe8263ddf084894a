#include <array>
#include <cstdio>
#include <fstream>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "db/link_store.h"
#include "db/runs.h"
#include "db/schema.h"
#include "matcher/observation_linker.h"
#include "util/error.h"
#include "util/progress.h"

namespace tradedig::cli {
namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

// Decision counts per observation kind: match, review, nonmatch (no candidate counts as nonmatch).
using Counts = std::map<std::string, std::array<int64_t, 3>>;

size_t decision_slot(matcher::Decision d) {
  switch (d) {
    case matcher::Decision::kMatch: return 0;
    case matcher::Decision::kReview: return 1;
    case matcher::Decision::kNonMatch: break;
  }
  return 2;
}

}  // namespace

void add_match_command(CLI::App& app, Globals& g) {
  struct Args {
    std::string review_out;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "match",
      "Link the entity names of observations (memberships, ICP filings, domain registrations) not\n"
      "linked yet to the firms in the store, over every name of a firm (current, former, short).\n"
      "A name with Han characters is linked in Chinese, any other in English (aligned to the\n"
      "Chinese names through pinyin and the bilingual lexicon). The best firm of each observation\n"
      "is stored in links as match, review or nonmatch; re-running links only new observations.\n"
      "Example: tradedig match --review-out review.csv");
  cmd->add_option("--review-out", a->review_out,
                  "Write the pairs decided 'review' to this CSV for clerical review (fill in the label column)");
  cmd->callback([&g, a] {
    db::Connection c = db::open_store(g.db_path, /*must_exist=*/true);
    auto firm_names = db::load_all_firm_names(c);
    if (firm_names.empty()) throw UserError("the store has no firm names to link to; run `tradedig import firms FILE` first");
    auto observations = db::load_unlinked_observation_names(c);
    std::ofstream review;
    if (!a->review_out.empty()) {
      review.open(a->review_out, std::ios::binary | std::ios::trunc);
      if (!review) throw UserError(fmt::format("--review-out '{}': cannot open the file for writing", a->review_out));
    }

    std::vector<matcher::FirmNameEntry> entries;
    entries.reserve(firm_names.size());
    for (const auto& n : firm_names) entries.push_back({n.firm_id, n.name, n.lang == "zh"});
    matcher::ObservationLinker linker(entries);

    uint64_t pairs = 0;
    for (const auto& o : observations) pairs += linker.pair_estimate(o.entity_name);
    say(g, fmt::format("matching {} unlinked observations against {} firms ({} names): about {} candidate pairs to score",
                       observations.size(), linker.firm_ids().size(), firm_names.size(), pairs));

    int64_t run = db::begin_run(c, "match", fmt::format("review_out={}", a->review_out));
    try {
      std::vector<db::LinkRow> rows;
      Counts counts;
      int64_t without_candidate = 0;
      if (review) review << "obs_id,kind,source,entity_name,firm_id,firm_name,score,method,label\n";
      Progress progress("match", "observations", observations.size());
      for (const auto& o : observations) {
        auto& cnt = counts[o.kind];
        auto l = linker.link(o.obs_id, o.entity_name);
        progress.advance();
        if (!l) {
          ++cnt[2];
          ++without_candidate;
          continue;
        }
        ++cnt[decision_slot(l->decision)];
        rows.push_back({l->firm_id, l->obs_id, l->score, l->method, matcher::decision_name(l->decision)});
        if (review && l->decision == matcher::Decision::kReview)
          review << fmt::format("{},{},{},{},{},{},{:.4f},{},\n", o.obs_id, csv_field(o.kind), csv_field(o.source),
                                csv_field(o.entity_name), csv_field(l->firm_id), csv_field(l->matched_name), l->score,
                                l->method);
      }
      progress.finish();
      db::write_links(c, rows, run);
      if (review) {
        review.flush();
        if (!review) throw UserError(fmt::format("--review-out '{}': writing failed", a->review_out));
      }

      std::array<int64_t, 3> total{};
      nlohmann::json by_kind = nlohmann::json::object();
      for (const auto& [kind, n] : counts) {
        by_kind[kind] = {{"match", n[0]}, {"review", n[1]}, {"nonmatch", n[2]}};
        for (size_t i = 0; i < 3; ++i) total[i] += n[i];
      }
      nlohmann::json j = {{"observations", observations.size()}, {"firms", linker.firm_ids().size()},
                          {"names", firm_names.size()}, {"pair_estimate", pairs}, {"links_written", rows.size()},
                          {"without_candidate", without_candidate}, {"by_kind", by_kind},
                          {"match", total[0]}, {"review", total[1]}, {"nonmatch", total[2]}};
      db::finish_run(c, run, true, j.dump());

      std::string msg = fmt::format("linked {} observations (run #{}): match {}, review {}, nonmatch {} ({} without any candidate)",
                                    observations.size(), run, total[0], total[1], total[2], without_candidate);
      for (const auto& [kind, n] : counts)
        msg += fmt::format("\n  {:<10} match {:>8}  review {:>8}  nonmatch {:>8}", kind, n[0], n[1], n[2]);
      if (review) msg += fmt::format("\n  review pairs written to {}", a->review_out);
      say(g, msg);
    } catch (...) {
      db::finish_run(c, run, false, "{}");
      throw;
    }
  });
}

}  // namespace tradedig::cli
