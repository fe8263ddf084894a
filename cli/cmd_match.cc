#ifdef TRADEDIG_HAVE_MATCHER
#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "db/link_store.h"
#include "db/runs.h"
#include "db/schema.h"
#include "db/table_reader.h"
#include "matcher/link_evaluation.h"
#include "matcher/observation_linker.h"
#include "matcher/store_linking.h"
#include "util/error.h"
#include "util/parse.h"
#include "util/progress.h"

namespace tradedig::cli {
namespace {

// A person's label: 1/y/yes/是/true = same firm, 0/n/no/否/false = not; "" = not checked.
std::optional<bool> parse_label(std::string_view text, const std::string& where) {
  std::string t = to_lower_ascii(trim(text));
  if (t.empty()) return std::nullopt;
  if (t == "1" || t == "y" || t == "yes" || t == "true" || t == "是" || t == "对") return true;
  if (t == "0" || t == "n" || t == "no" || t == "false" || t == "否" || t == "不是" || t == "错") return false;
  throw UserError(fmt::format("{}: label '{}' is neither 1 (same firm) nor 0 (different firm)", where, text));
}

// Column index of the first of `names` present; throws UserError naming the file when none is.
size_t find_column(const db::TableReader& r, std::initializer_list<const char*> names) {
  const auto& cols = r.columns();
  for (const char* n : names)
    for (size_t i = 0; i < cols.size(); ++i)
      if (iequals(cols[i], n)) return i;
  std::string wanted;
  for (const char* n : names) wanted += (wanted.empty() ? "" : " or ") + std::string(n);
  throw UserError(fmt::format("{}: no column {} in the header", r.path(), wanted));
}

std::optional<size_t> optional_column(const db::TableReader& r, const char* name) {
  const auto& cols = r.columns();
  for (size_t i = 0; i < cols.size(); ++i)
    if (iequals(cols[i], name)) return i;
  return std::nullopt;
}

// Labelled pairs from a truth or review file: columns obs_id/left_id and firm_id/right_id, and
// an optional label column (rows without a label are skipped when the column exists).
std::vector<matcher::LabelledPair> read_labelled_pairs(const std::string& path) {
  auto r = db::open_table(path);
  size_t left = find_column(*r, {"obs_id", "left_id"}), right = find_column(*r, {"firm_id", "right_id"});
  auto label = optional_column(*r, "label");
  std::vector<matcher::LabelledPair> out;
  std::vector<std::string_view> f;
  int64_t where = 0;
  while (r->next(f, where)) {
    std::string at = fmt::format("{}:{}", path, where);
    auto cell = [&](size_t i) { return i < f.size() ? trim(f[i]) : std::string_view(); };
    if (cell(left).empty() || cell(right).empty()) throw UserError(fmt::format("{}: empty id", at));
    bool same = true;
    if (label) {
      auto l = parse_label(cell(*label), at);
      if (!l) continue;
      same = *l;
    }
    out.push_back({std::string(cell(left)), std::string(cell(right)), same});
  }
  return out;
}

void print_evaluation(const Globals& g, const matcher::LinkEvaluation& ev, size_t max_errors,
                      const std::map<std::string, std::string>& left_names,
                      const std::map<std::string, std::string>& right_names) {
  auto named = [](const std::map<std::string, std::string>& names, const std::string& id) {
    auto it = names.find(id);
    return it == names.end() || it->second.empty() ? id : fmt::format("{} ({})", id, it->second);
  };
  std::string msg = fmt::format(
      "precision {:.4f} ({} of {} links right), recall {:.4f} ({} of {} true pairs found), F1 {:.4f}",
      ev.precision, ev.correct, ev.scored_links, ev.recall, ev.correct, ev.truth_pairs, ev.f1);
  if (ev.out_of_scope > 0) msg += fmt::format("\n{} links of records the truth file does not mention were not scored", ev.out_of_scope);
  if (!ev.errors.empty()) msg += fmt::format("\nerrors ({}{}):", ev.errors.size(), ev.errors.size() > max_errors ? fmt::format(", first {}", max_errors) : "");
  for (size_t i = 0; i < ev.errors.size() && i < max_errors; ++i) {
    const auto& e = ev.errors[i];
    if (e.kind == "missed")
      msg += fmt::format("\n  missed  {} -> {}", named(left_names, e.left), named(right_names, e.truth));
    else if (e.kind == "wrong")
      msg += fmt::format("\n  wrong   {} -> {} score {:.3f}, truth {}", named(left_names, e.left), named(right_names, e.linked),
                         e.score, named(right_names, e.truth));
    else
      msg += fmt::format("\n  false   {} -> {} score {:.3f}, truth: no partner", named(left_names, e.left),
                         named(right_names, e.linked), e.score);
  }
  say(g, msg);
}

void add_match_eval(CLI::App& match, Globals& g) {
  struct Args {
    std::string truth, links;
    double min_score = 0.0;
    size_t max_errors = 50;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = match.add_subcommand(
      "eval",
      "Score links against known pairs: precision, recall and F1, then the error cases (a wrong firm,\n"
      "a link where there is none, a missed pair). Only records the truth file mentions are scored.\n"
      "The truth file has columns obs_id,firm_id (or left_id,right_id) and an optional label column\n"
      "(1 same, 0 different; a filled-in --review file works as is). By default the store's\n"
      "links decided 'match' by the matcher are scored (not those a person labelled); --links scores\n"
      "the rank-1 rows of a `tradedig link` output instead.\n"
      "Examples:\n"
      "  tradedig match eval --truth checked.csv\n"
      "  tradedig match eval --truth pairs.csv --links links.csv --min-score 0.5");
  cmd->add_option("--truth", a->truth, "CSV of known pairs")->required();
  cmd->add_option("--links", a->links, "Score this `tradedig link` output (left_id,right_id,rank,score) instead of the store");
  cmd->add_option("--min-score", a->min_score, "With --links: rank-1 rows scoring below this are not links")->capture_default_str();
  cmd->add_option("--max-errors", a->max_errors, "Error cases to print")->capture_default_str();
  cmd->callback([&g, a] {
    std::vector<matcher::LabelledPair> truth = read_labelled_pairs(a->truth);
    if (truth.empty()) throw UserError(fmt::format("--truth '{}': no labelled pairs", a->truth));
    std::vector<matcher::ScoredPair> predicted;
    std::map<std::string, std::string> left_names, right_names;
    if (!a->links.empty()) {
      auto r = db::open_table(a->links);
      size_t left = find_column(*r, {"left_id"}), right = find_column(*r, {"right_id"}), rank = find_column(*r, {"rank"}),
             score = find_column(*r, {"score"});
      std::vector<std::string_view> f;
      int64_t where = 0;
      while (r->next(f, where)) {
        if (std::max({left, right, rank, score}) >= f.size()) throw UserError(fmt::format("{}:{}: too few fields", a->links, where));
        auto rk = parse_int(f[rank]);
        auto sc = parse_double(f[score]);
        if (!rk || !sc) throw UserError(fmt::format("{}:{}: rank and score must be numbers", a->links, where));
        if (*rk == 1 && *sc >= a->min_score) predicted.push_back({std::string(trim(f[left])), std::string(trim(f[right])), *sc});
      }
    } else {
      db::Connection c = db::open_store(g.db_path, /*must_exist=*/true);
      for (const auto& l : db::load_links(c)) {
        std::string obs = std::to_string(l.obs_id);
        left_names[obs] = l.entity_name;
        right_names[l.firm_id] = l.firm_name;
        if (l.decision == "match" && l.method != "clerical") predicted.push_back({obs, l.firm_id, l.score});
      }
    }
    print_evaluation(g, matcher::evaluate_links(predicted, truth), a->max_errors, left_names, right_names);
  });
}

void add_match_labels(CLI::App& match, Globals& g) {
  auto file = std::make_shared<std::string>();
  auto* cmd = match.add_subcommand(
      "labels",
      "Import a filled-in review file (or any CSV with obs_id, firm_id and label columns): label 1\n"
      "stores the pair as a match, 0 as a nonmatch, both with method 'clerical'. A labelled pair\n"
      "takes precedence: later `tradedig match` runs never change it, and a firm labelled 1 turns\n"
      "the matcher's other links of that observation into nonmatches. The labels of Chinese names also\n"
      "train the Chinese name model that the next `tradedig match` links with (m from pairs labelled\n"
      "1, u from pairs labelled 0). Rows without a label are skipped.\n"
      "Example: tradedig match labels review.csv");
  cmd->add_option("file", *file, "The labelled CSV")->required();
  cmd->callback([&g, file] {
    std::vector<db::LinkLabel> labels;
    for (const auto& p : read_labelled_pairs(*file)) {
      auto obs = parse_int(p.left);
      if (!obs) throw UserError(fmt::format("{}: obs_id '{}' is not a number", *file, p.left));
      labels.push_back({*obs, p.right, p.same});
    }
    db::Connection c = db::open_store(g.db_path, /*must_exist=*/true);
    int64_t run = db::begin_run(c, "match labels", *file);
    try {
      size_t n = db::write_link_labels(c, labels, run);
      size_t same = 0;
      for (const auto& l : labels) same += l.same_firm;
      db::finish_run(c, run, true, nlohmann::json{{"labels", n}, {"same_firm", same}}.dump());
      say(g, fmt::format("stored {} labels from {} ({} same firm, {} different; run #{})", n, *file, same, n - same, run));
    } catch (...) {
      db::finish_run(c, run, false, "{}");
      throw;
    }
  });
}

}  // namespace

void add_match_command(CLI::App& app, Globals& g) {
  auto review_path = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "match",
      "Link the entity names of observations (memberships, ICP filings, domain registrations) not\n"
      "linked yet to the firms in the store, over every name of a firm (current, former, short)\n"
      "that was valid in the year of the observation (firm_names valid_from/valid_to; names without\n"
      "years count always). A name with Han characters is linked in Chinese (a Fellegi-Sunter\n"
      "probability over 字号, industry, region and legal form, with rarer 字号 weighing more), any\n"
      "other in English (aligned to the Chinese names through pinyin, the bilingual lexicon and\n"
      "dictionary glosses, the alignment turned into a probability calibrated on real names); both\n"
      "scores are match probabilities, accepted at --accept (0.6) or more with a clear lead over the\n"
      "runner-up (--margin). The best firm of each observation is stored in links as match,\n"
      "review or nonmatch; re-running links only new observations.\n"
      "--review writes the 'review' cases for a person to check; `tradedig match labels` reads the\n"
      "checked file back, and those labels train the Chinese model of later runs.\n"
      "Examples:\n"
      "  tradedig match --review review.csv\n"
      "  tradedig match labels review.csv\n"
      "  tradedig match eval --truth checked.csv");
  cmd->add_option("--review", *review_path,
                  "Write the observations decided 'review' with their best 3 firms to this CSV; fill in\n"
                  "the label column (1 same firm, 0 not) and import it with `tradedig match labels`");
  auto opt = std::make_shared<matcher::StoreLinkOptions>();
  cmd->add_option("--accept", opt->thresholds.accept_score,
                  "Match probability from which the best firm is accepted (if it also leads by --margin)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--margin", opt->thresholds.accept_margin,
                  "Lead over the runner-up an accepted firm needs, as a share of its probability")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--review-below", opt->thresholds.review_score,
                  "Below this probability the best firm is a nonmatch; between it and --accept, review")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--en-accept", opt->en_accept,
                  "An English name is accepted only from this probability (1: only the firm's own English name)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cmd->require_subcommand(0, 1);
  add_match_eval(*cmd, g);
  add_match_labels(*cmd, g);
  cmd->callback([&g, cmd, review_path, opt] {
    if (!cmd->get_subcommands().empty()) return;  // eval or labels ran instead
    db::Connection c = db::open_store(g.db_path, /*must_exist=*/true);
    opt->review_path = *review_path;
    opt->progress = !g.quiet;
    auto rep = matcher::link_store_observations(c, *opt);
    say(g, matcher::describe(rep, opt->review_path));
  });
}

}  // namespace tradedig::cli
#endif  // TRADEDIG_HAVE_MATCHER
