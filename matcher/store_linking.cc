#include "matcher/store_linking.h"

#include <cctype>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "db/link_store.h"
#include "db/runs.h"
#include "matcher/observation_linker.h"
#include "util/csv_field.h"
#include "util/error.h"
#include "util/progress.h"

namespace tradedig::matcher {

namespace {

size_t decision_slot(Decision d) {
  switch (d) {
    case Decision::kMatch: return 0;
    case Decision::kReview: return 1;
    case Decision::kNonMatch: break;
  }
  return 2;
}

// Candidates per observation written to the review file: the best firm and the runners-up, so the
// person checking can pick the right one when the best is wrong.
constexpr size_t kReviewCandidates = 3;
constexpr const char* kReviewHeader = "obs_id,kind,source,entity_name,rank,firm_id,firm_name,score,decision,label";

// "example.com.cn": what an RDAP reply with a redacted registrant leaves as the entity's name. It
// says nothing about the owner, so such a registration is linked through the ICP record only.
bool is_bare_domain(const std::string& name) {
  if (name.find('.') == std::string::npos) return false;
  for (unsigned char ch : name)
    if (!(std::isalnum(ch) || ch == '.' || ch == '-')) return false;
  return true;
}

}  // namespace

StoreLinkReport link_store_observations(db::Connection& c, const StoreLinkOptions& opt) {
  StoreLinkReport rep;
  auto firm_names = db::load_all_firm_names(c);
  if (firm_names.empty()) throw UserError("the store has no firm names to link to; run `tradedig import firms FILE` first");
  auto observations = db::load_unlinked_observation_names(c);
  std::erase_if(observations, [](const db::ObservationNameRow& o) { return o.kind == "domain" && is_bare_domain(o.entity_name); });
  const bool want_review = !opt.review_path.empty();
  std::ofstream review;
  if (want_review) {
    review.open(opt.review_path, std::ios::binary | std::ios::trunc);
    if (!review) throw UserError(fmt::format("review file '{}': cannot open it for writing", opt.review_path));
  }

  std::vector<FirmNameEntry> entries;
  entries.reserve(firm_names.size());
  for (const auto& n : firm_names) entries.push_back({n.firm_id, n.name, n.lang == "zh"});
  ObservationLinker linker(entries);
  rep.observations = static_cast<int64_t>(observations.size());
  rep.firms = static_cast<int64_t>(linker.firm_ids().size());
  rep.names = static_cast<int64_t>(firm_names.size());
  for (const auto& o : observations) rep.pair_estimate += linker.pair_estimate(o.entity_name);

  rep.run_id = db::begin_run(c, "match", fmt::format("review={}", opt.review_path));
  try {
    std::vector<db::LinkRow> rows;
    // The byte-order mark makes Excel read the Chinese names as UTF-8; tradedig's reader skips it.
    if (want_review) review << "\xEF\xBB\xBF" << kReviewHeader << "\n";
    std::optional<Progress> progress;
    if (opt.progress) progress.emplace("match", "observations", observations.size());
    for (const auto& o : observations) {
      auto& cnt = rep.by_kind[o.kind];
      auto l = linker.link(o.obs_id, o.entity_name);
      if (progress) progress->advance();
      if (!l) {
        ++cnt[2];
        ++rep.without_candidate;
        continue;
      }
      ++cnt[decision_slot(l->decision)];
      rows.push_back({l->firm_id, l->obs_id, l->score, l->method, decision_name(l->decision)});
      if (want_review && l->decision == Decision::kReview) {
        auto ranked = linker.rank(o.entity_name);
        for (size_t r = 0; r < ranked.size() && r < kReviewCandidates; ++r) {
          review << fmt::format("{},{},{},{},{},{},{},{:.4f},{},\n", o.obs_id, csv_field(o.kind), csv_field(o.source),
                                csv_field(o.entity_name), r + 1, csv_field(ranked[r].firm_id),
                                csv_field(ranked[r].matched_name), ranked[r].score, r == 0 ? "review" : "");
          ++rep.review_rows;
        }
      }
    }
    if (progress) progress->finish();
    db::write_links(c, rows, rep.run_id);
    // Second: domains through the ICP records that name them, now that those records are linked.
    auto via_icp = db::domain_links_via_icp(c);
    rep.by_kind["domain"][decision_slot(Decision::kMatch)] += static_cast<int64_t>(via_icp.size());
    rep.domains_via_icp = static_cast<int64_t>(via_icp.size());
    db::write_links(c, via_icp, rep.run_id);
    if (want_review) {
      review.flush();
      if (!review) throw UserError(fmt::format("review file '{}': writing failed", opt.review_path));
    }

    nlohmann::json by_kind = nlohmann::json::object();
    for (const auto& [kind, n] : rep.by_kind) {
      by_kind[kind] = {{"match", n[0]}, {"review", n[1]}, {"nonmatch", n[2]}};
      for (size_t i = 0; i < 3; ++i) rep.total[i] += n[i];
    }
    nlohmann::json j = {{"observations", rep.observations},   {"firms", rep.firms},
                        {"names", rep.names},                 {"pair_estimate", rep.pair_estimate},
                        {"links_written", rows.size() + via_icp.size()},
                        {"without_candidate", rep.without_candidate}, {"domains_via_icp", rep.domains_via_icp},
                        {"by_kind", by_kind},                 {"match", rep.total[0]},
                        {"review", rep.total[1]},             {"nonmatch", rep.total[2]}};
    db::finish_run(c, rep.run_id, true, j.dump());
  } catch (...) {
    db::finish_run(c, rep.run_id, false, "{}");
    throw;
  }
  return rep;
}

std::string describe(const StoreLinkReport& r, const std::string& review_path) {
  std::string msg = fmt::format("linked {} observations (run #{}): match {}, review {}, nonmatch {} ({} without any candidate)",
                                r.observations + r.domains_via_icp, r.run_id, r.total[0], r.total[1], r.total[2],
                                r.without_candidate);
  for (const auto& [kind, n] : r.by_kind)
    msg += fmt::format("\n  {:<10} match {:>8}  review {:>8}  nonmatch {:>8}", kind, n[0], n[1], n[2]);
  if (r.domains_via_icp)
    msg += fmt::format("\n  {} domain registrations linked through the ICP record that names the domain", r.domains_via_icp);
  if (!review_path.empty())
    msg += fmt::format("\n  {} candidate rows of {} review cases written to {}: fill in label (1 same firm, 0 not),\n"
                       "  then run `tradedig match labels {}`",
                       r.review_rows, r.total[1], review_path, review_path);
  return msg;
}

}  // namespace tradedig::matcher
