// `tradedig estimate mediation`: three-step mediation with the Sobel test and a bootstrap interval.
#include <cstdio>

#include <fmt/format.h>

#include "cli/estimate_methods.h"
#include "cli/estimate_options.h"
#include "measure/mediation.h"

namespace tradedig::cli {
namespace {

struct MediationArgs {
  std::string formula, data = "v_firm_year_panel", treatment;
  std::vector<std::string> mediators;
  int reps = 500;
  uint64_t seed = 20240601;
  double level = 0.95;
  FitArgs fit;
  OutputArgs output;
};

void run_mediation(const Globals& g, const MediationArgs& a) {
  using namespace measure;
  MediationOptions o;
  o.fit = fit_options(a.fit);
  o.treatment = a.treatment;
  o.bootstrap_reps = a.reps;
  o.seed = a.seed;
  o.level = a.level;
  TableFormat format = parse_table_format(a.output.table);
  const Formula f = parse_formula(a.formula);

  DataFrame d = load_data(a.data, g.db_path);
  RunLog log(g);
  std::vector<FitResult> columns;
  TableOptions to;
  nlohmann::json all = nlohmann::json::array();
  for (const auto& mediator : a.mediators) {
    nlohmann::json spec = fit_spec(a.fit);
    spec.update({{"formula", a.formula},
                 {"mediator", mediator},
                 {"treatment", a.treatment},
                 {"data", a.data},
                 {"reps", a.reps},
                 {"seed", a.seed},
                 {"level", a.level}});
    auto [r, res, run] = log.record(
        "estimate mediation", spec, [&] { return mediate(f, mediator, d, o); },
        [](const MediationResult& m) { return to_json(m); });
    all.push_back(std::move(res));
    for (const auto* fit : {&r.total, &r.a_path, &r.b_path})
      for (const auto& m : fit->messages) std::fprintf(stderr, "note (%s): %s\n", fit->formula.c_str(), m.c_str());
    // The total effect is the same for every mediator: one column, then (mediator, outcome) pairs.
    if (columns.empty()) {
      columns.push_back(r.total);
      to.model_titles.push_back(fmt::format("(1) {}", r.outcome));
    }
    columns.push_back(r.a_path);
    to.model_titles.push_back(fmt::format("({}) {}", columns.size(), r.mediator));
    columns.push_back(r.b_path);
    to.model_titles.push_back(fmt::format("({}) {}", columns.size(), r.outcome));
  }
  if (a.output.json) emit_output(g, all.dump(2) + "\n", a.output.out);
  else emit_output(g, render_table(columns, format, to), a.output.out);
  log.note_unrecorded(g);
}

}  // namespace

void add_estimate_mediation(CLI::App& estimate, Globals& g) {
  auto a = std::make_shared<MediationArgs>();
  auto* cmd = estimate.add_subcommand(
      "mediation",
      "Three-step mediation (paper 003 eq. 12-13): (1) y ~ x + controls | fe, (2) m ~ x + ..., (3) y ~ x + m + ...\n"
      "on one sample, the indirect effect a*b with the Sobel test, the share mediated (a*b/c) and a percentile\n"
      "bootstrap interval of a*b (clusters are resampled when --cluster is given). x is the first term of the\n"
      "formula unless --treatment names another. Several --mediator give one table: (1), then (m, y) per mediator.\n"
      "Examples:\n"
      "  tradedig estimate mediation 'QSY ~ lndig + lnsca + lnage | firm_id + year' --mediator flex --cluster firm_id\n"
      "  tradedig estimate mediation 'inv ~ value | firm + year' --mediator capital --data plm_Grunfeld.csv --reps "
      "1000");
  cmd->add_option("formula", a->formula, "Total-effect formula: 'y ~ x + controls | fe1 + fe2'")->required();
  cmd->add_option("--mediator,-m", a->mediators, "Mediator variable or expression (repeat for several)")->required();
  cmd->add_option("--treatment", a->treatment, "The term whose effect is mediated (default: the first term)");
  cmd->add_option("--data", a->data, "A CSV/.dta file, or a table/view of the store")->capture_default_str();
  add_fit_options(*cmd, a->fit);
  cmd->add_option("--reps", a->reps, "Bootstrap replications (0 = none); clusters of the first --cluster are resampled")
      ->capture_default_str();
  cmd->add_option("--seed", a->seed, "Random seed of the bootstrap")->capture_default_str();
  cmd->add_option("--level", a->level, "Level of the bootstrap interval")->capture_default_str();
  add_output_options(*cmd, a->output);
  cmd->callback([&g, a] { run_mediation(g, *a); });
}

}  // namespace tradedig::cli
