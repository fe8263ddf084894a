#include "matcher/store_linking.h"

#include <cctype>
#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>
#include <fstream>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "db/link_store.h"
#include "db/runs.h"
#include "matcher/join_keys.h"
#include "matcher/observation_linker.h"
#include "util/csv_field.h"
#include "util/error.h"
#include "util/parallel_for.h"
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

// One account per firm and platform is the rule: when a source has an observation under the firm's
// exact name (after normalisation), the same source's other 'match' links to that firm are most
// likely namesakes (a subsidiary, a trading arm: "X电子股份有限公司" beside "X股份有限公司", which
// the Chinese model scores near 1 because a missing industry term is no evidence against) and go
// to review instead. With `zh_exact`, a Chinese 'match' whose name is none of the firm's names
// goes to review as well: a registered Chinese name is exact, so a different one is another legal
// entity more often than a spelling of this one. An English 'match' below `en_accept` goes to
// review (English names vary in format, which parsing removes; a word more, "Trading", "Import &
// Export", marks another firm). Returns the rows held for each reason.
struct Held {
  std::vector<size_t> namesakes, inexact;
};
// rows[k] links observations[row_obs[k]].
Held hold_for_review(std::vector<db::LinkRow>& rows, const std::vector<size_t>& row_obs,
                     const std::vector<db::ObservationNameRow>& observations,
                     const std::vector<db::FirmNameRow>& firm_names, const StoreLinkOptions& opt) {
  TextNormalizer norm;
  std::unordered_map<std::string, std::unordered_set<std::string>> firm_keys;
  for (const auto& n : firm_names) firm_keys[n.firm_id].insert(normalized_name_key(n.name, norm));
  std::map<std::pair<std::string, std::string>, std::vector<std::pair<size_t, bool>>> groups;  // (firm, source) → (row, exact)
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].decision != "match") continue;
    const auto* o = &observations[row_obs[i]];
    const auto& keys = firm_keys[rows[i].firm_id];
    groups[{rows[i].firm_id, o->source}].emplace_back(i, keys.count(normalized_name_key(o->entity_name, norm)) > 0);
  }
  Held held;
  for (const auto& [key, members] : groups) {
    bool any_exact = std::any_of(members.begin(), members.end(), [](const auto& m) { return m.second; });
    for (const auto& [i, exact] : members) {
      if (exact) continue;
      if (any_exact) rows[i].decision = "review", held.namesakes.push_back(i);
      else if ((rows[i].method == "zh" && opt.zh_exact) || (rows[i].method == "en" && rows[i].score < opt.en_accept))
        rows[i].decision = "review", held.inexact.push_back(i);
    }
  }
  return held;
}

}  // namespace

StoreLinkReport link_store_observations(db::Connection& c, const StoreLinkOptions& opt) {
  const DecisionThresholds& t = opt.thresholds;
  for (double v : {t.accept_score, t.accept_margin, t.review_score, opt.en_accept})
    if (!(v >= 0 && v <= 1)) throw UserError(fmt::format("match thresholds are probabilities in [0, 1]; got {}", v));
  if (t.review_score > t.accept_score)
    throw UserError(fmt::format("the review level {} is above the accept level {}: no link could be accepted",
                                t.review_score, t.accept_score));
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
  for (const auto& n : firm_names) entries.push_back({n.firm_id, n.name, n.lang == "zh", n.valid_from, n.valid_to});
  ObservationLinker::Options linker_options;
  linker_options.thresholds = opt.thresholds;
  ObservationLinker linker(entries, linker_options);
  // Labels a person gave (`tradedig match labels`) train the Chinese model before anything is
  // linked: what counts as the same firm in this data, not only in the A-share defaults.
  std::vector<ObservationLinker::Label> labels;
  for (auto& l : db::load_labelled_names(c)) labels.push_back({std::move(l.entity_name), std::move(l.firm_id), l.same_firm});
  rep.labels_used = static_cast<int64_t>(linker.learn_from_labels(labels));
  rep.observations = static_cast<int64_t>(observations.size());
  rep.firms = static_cast<int64_t>(linker.firm_ids().size());
  rep.names = static_cast<int64_t>(firm_names.size());
  for (const auto& o : observations) rep.pair_estimate += linker.pair_estimate(o.entity_name);

  rep.run_id = db::begin_run(c, "match",
                             fmt::format("review={} accept={} margin={} review_below={} en_accept={}", opt.review_path,
                                         t.accept_score, t.accept_margin, t.review_score, opt.en_accept));
  try {
    // Linking is the slow part (about 3-5 ms per English name); the linker's const methods are
    // thread-safe (matcher.h), so the observations are shared out over the cores.
    std::vector<std::optional<ObservationLink>> found(observations.size());
    std::vector<std::vector<ObservationLinker::RankedFirm>> ranked(observations.size());  // review cases
    auto link_one = [&](size_t i) {
      found[i] = linker.link(observations[i].obs_id, observations[i].entity_name, ranked[i], observations[i].year);
      if (ranked[i].size() > kReviewCandidates) ranked[i].resize(kReviewCandidates);  // all the review file shows
    };
    {
      std::optional<Progress> progress;
      if (opt.progress) progress.emplace("match", "observations", observations.size());
      util::parallel_for_with_progress(observations.size(), link_one, [&](size_t d) {
        if (progress && d > progress->done()) progress->advance(d - progress->done());
      });
      if (progress) progress->finish();
    }
    std::vector<db::LinkRow> rows;
    std::vector<size_t> row_obs;  // index into observations
    for (size_t i = 0; i < observations.size(); ++i) {
      auto& cnt = rep.by_kind[observations[i].kind];
      const auto& l = found[i];
      if (!l) {
        ++cnt[2];
        ++rep.without_candidate;
        continue;
      }
      ++cnt[decision_slot(l->decision)];
      rows.push_back({l->firm_id, l->obs_id, l->score, l->method, decision_name(l->decision)});
      row_obs.push_back(i);
    }
    Held held = hold_for_review(rows, row_obs, observations, firm_names, opt);
    for (const auto* list : {&held.namesakes, &held.inexact})
      for (size_t i : *list) {
        auto& cnt = rep.by_kind[observations[row_obs[i]].kind];
        --cnt[0], ++cnt[1];
      }
    rep.namesakes_held = static_cast<int64_t>(held.namesakes.size());
    rep.inexact_held = static_cast<int64_t>(held.inexact.size());
    if (want_review) {
      // The byte-order mark makes Excel read the Chinese names as UTF-8; tradedig's reader skips it.
      review << "\xEF\xBB\xBF" << kReviewHeader << "\n";
      for (size_t k = 0; k < rows.size(); ++k) {
        if (rows[k].decision != "review") continue;
        const auto& o = observations[row_obs[k]];
        const auto& best = ranked[row_obs[k]];
        for (size_t r = 0; r < best.size() && r < kReviewCandidates; ++r) {
          review << fmt::format("{},{},{},{},{},{},{},{:.4f},{},\n", o.obs_id, csv_field(o.kind), csv_field(o.source),
                                csv_field(o.entity_name), r + 1, csv_field(best[r].firm_id),
                                csv_field(best[r].matched_name), best[r].score, r == 0 ? "review" : "");
          ++rep.review_rows;
        }
      }
    }
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
                        {"namesakes_held", rep.namesakes_held}, {"inexact_held", rep.inexact_held},
                        {"labels_used", rep.labels_used},
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
  if (r.namesakes_held)
    msg += fmt::format("\n  {} links held for review: the same source also lists the firm under its exact name",
                       r.namesakes_held);
  if (r.inexact_held)
    msg += fmt::format("\n  {} links held for review: a Chinese name that is none of the firm's names, or an English score "
                       "below the auto-accept level",
                       r.inexact_held);
  if (r.domains_via_icp)
    msg += fmt::format("\n  {} domain registrations linked through the ICP record that names the domain", r.domains_via_icp);
  if (r.labels_used)
    msg += fmt::format("\n  the Chinese name model was trained on {} labelled pairs before linking", r.labels_used);
  if (!review_path.empty())
    msg += fmt::format("\n  {} candidate rows of {} review cases written to {}: fill in label (1 same firm, 0 not),\n"
                       "  then run `tradedig match labels {}`",
                       r.review_rows, r.total[1], review_path, review_path);
  return msg;
}

}  // namespace tradedig::matcher
