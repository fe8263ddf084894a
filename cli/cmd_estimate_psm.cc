// `tradedig estimate psm`: propensity-score matching (logit/probit PS, nearest-neighbour or kernel
// matching), ATT/ATU/ATE with bootstrap, Abadie–Imbens or psmatch2 SEs, and the balance table.
#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/estimate_methods.h"
#include "cli/matching_args.h"
#include "cli/run_output.h"
#include "measure/matching.h"
#include "util/error.h"

namespace tradedig::cli {
namespace {

struct PsmArgs {
  std::string formula, outcome, data = "v_firm_year_panel", se = "bootstrap";
  MatchingArgs matching;
  bool ate = false, balance = false;
  int reps = 200, ai_neighbors = 2;
  uint64_t bootstrap_seed = 12345;
  OutputArgs output;
};

nlohmann::json balance_json(const measure::BalanceTable& b) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& r : b.rows)
    rows.push_back({{"variable", r.name},          {"binary", r.binary},
                    {"mean_treated_before", r.mean_treated_before}, {"mean_control_before", r.mean_control_before},
                    {"mean_treated_after", r.mean_treated_after},   {"mean_control_after", r.mean_control_after},
                    {"smd_before", r.smd_before},  {"smd_after", r.smd_after},
                    {"bias_before", r.bias_before}, {"bias_after", r.bias_after},
                    {"bias_reduction", r.bias_reduction}, {"t_before", r.t_before}, {"p_before", r.p_before},
                    {"t_after", r.t_after},         {"p_after", r.p_after}});
  return {{"rows", rows},
          {"n_treated", b.n_treated},
          {"n_control", b.n_control},
          {"n_treated_matched", b.n_treated_matched},
          {"n_control_matched", b.n_control_matched}};
}

void run_psm(const Globals& g, const PsmArgs& a) {
  using namespace measure;
  PsmOptions o;
  o.link = matching_link(a.matching);
  o.matching = matching_options(a.matching);
  o.matching.match_controls = a.ate;
  o.ai_population = a.se == "ai-population";
  if (a.se == "bootstrap") o.se = MatchingSe::kBootstrap;
  else if (a.se == "ai" || o.ai_population) o.se = MatchingSe::kAbadieImbens;
  else if (a.se == "psmatch2") o.se = MatchingSe::kPsmatch2;
  else if (a.se == "none") o.se = MatchingSe::kNone;
  else throw UserError(fmt::format("Unknown --se {}; use bootstrap, ai, ai-population, psmatch2 or none.", a.se));
  o.bootstrap_reps = a.reps;
  o.bootstrap_seed = a.bootstrap_seed;
  o.ai_neighbors = a.ai_neighbors;
  TableFormat format = parse_table_format(a.output.table);

  DataFrame d = load_data(a.data, g.db_path);
  RunLog log(g);
  nlohmann::json spec = {{"formula", a.formula}, {"outcome", a.outcome},          {"data", a.data},
                         {"link", a.matching.link}, {"method", a.matching.method}, {"neighbors", a.matching.neighbors},
                         {"replacement", !a.matching.no_replacement},             {"ties", a.matching.ties},
                         {"caliper", a.matching.caliper}, {"caliper_sd", a.matching.caliper_sd},
                         {"order", a.matching.order}, {"seed", a.matching.seed},   {"kernel", a.matching.kernel},
                         {"bandwidth", a.matching.bandwidth}, {"common_support", a.matching.common_support},
                         {"ate", a.ate}, {"se", a.se}, {"reps", a.reps}, {"bootstrap_seed", a.bootstrap_seed}};
  auto [r, res, run] = log.record(
      "estimate psm", spec, [&] { return propensity_score_matching(parse_formula(a.formula), a.outcome, d, o); },
      [](const PsmResult& p) {
        return nlohmann::json{{"effects", to_json(p.table)},
                              {"ps_model", to_json(p.ps_model.fit)},
                              {"balance", balance_json(p.balance)},
                              {"bootstrap_failed", p.bootstrap_failed}};
      });
  for (const auto& m : r.table.messages) std::fprintf(stderr, "note: %s\n", m.c_str());
  if (a.output.json) {
    emit_output(g, res.dump(2) + "\n", a.output.out);
  } else {
    TableOptions to;
    to.model_titles = {a.outcome};
    std::string text = render_table({r.table}, format, to);
    if (a.balance) text += "\n" + render_balance(r.balance, format);
    emit_output(g, text, a.output.out);
  }
  log.note_unrecorded(g);
}

}  // namespace

void add_estimate_psm(CLI::App& estimate, Globals& g) {
  auto a = std::make_shared<PsmArgs>();
  auto* cmd = estimate.add_subcommand(
      "psm",
      "Propensity-score matching: a logit (or probit) propensity score from the treatment formula, then\n"
      "nearest-neighbour matching (with replacement by default as psmatch2/teffects; --no-replacement for\n"
      "MatchIt's greedy match, largest score first) or kernel matching, and the ATT (with --ate also the ATU\n"
      "and ATE = p*ATT + (1-p)*ATU). SEs: bootstrap re-estimating the score in every replicate (default),\n"
      "ai / ai-population (Abadie-Imbens sample/population variance, nearest neighbour with replacement),\n"
      "psmatch2 (its approximate ATT SE). Analytic SEs take the score as known.\n"
      "--balance adds the balance table: means, SMD (MatchIt), %bias and t-tests (pstest) before/after.\n"
      "Examples:\n"
      "  tradedig estimate psm 'treat ~ age + educ + i(race) + married + nodegree + re74 + re75' \\\n"
      "      --outcome re78 --data lalonde.csv --no-replacement --se none --balance\n"
      "  tradedig estimate psm 'digital ~ lnsize + age + i(ind)' --outcome lnQ --method kernel --ate --reps 500");
  cmd->add_option("formula", a->formula, "Treatment formula: 'treat ~ x1 + x2 + i(factor)'")->required();
  cmd->add_option("--outcome", a->outcome, "Outcome column")->required();
  cmd->add_option("--data", a->data, "A CSV/.dta file, or a table/view of the store")->capture_default_str();
  add_matching_options(*cmd, a->matching);
  cmd->add_flag("--ate", a->ate, "Also match controls to treated: ATU and ATE");
  cmd->add_option("--se", a->se, "bootstrap | ai | ai-population | psmatch2 | none")->capture_default_str();
  cmd->add_option("--reps", a->reps, "Bootstrap replicates")->capture_default_str();
  cmd->add_option("--bootstrap-seed", a->bootstrap_seed, "Bootstrap seed")->capture_default_str();
  cmd->add_option("--ai-neighbors", a->ai_neighbors, "Same-group neighbours for the Abadie-Imbens variance")
      ->capture_default_str();
  cmd->add_flag("--balance", a->balance, "Print the balance table after the effects");
  add_output_options(*cmd, a->output);
  cmd->callback([&g, a] { run_psm(g, *a); });
}

}  // namespace tradedig::cli
