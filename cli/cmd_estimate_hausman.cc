// `tradedig estimate hausman`: fixed effects and Swamy–Arora random effects side by side, with the
// Hausman test of FE against RE (plm phtest / Stata hausman).
#include <cstdio>

#include <fmt/format.h>

#include "cli/estimate_methods.h"
#include "cli/run_output.h"
#include "measure/hausman.h"

namespace tradedig::cli {
namespace {

struct HausmanArgs {
  std::string formula, data = "v_firm_year_panel", id, time;
  OutputArgs output;
};

void run_hausman(const Globals& g, const HausmanArgs& a) {
  using namespace measure;
  TableFormat format = parse_table_format(a.output.table);
  DataFrame d = load_data(a.data, g.db_path);
  RunLog log(g);
  nlohmann::json spec = {{"formula", a.formula}, {"data", a.data}, {"id", a.id}, {"time", a.time}};
  auto [c, res, run] = log.record(
      "estimate hausman", spec, [&] { return compare_fe_re(parse_formula(a.formula), d, {a.id, a.time}); },
      [](const FeReComparison& x) {
        return nlohmann::json{
            {"fe", to_json(x.fe)},
            {"re", to_json(x.re.fit)},
            {"hausman",
             {{"statistic", x.test.statistic}, {"df", x.test.df}, {"p", x.test.p}, {"compared", x.test.names}}},
            {"theta_min", x.re.theta_min},
            {"theta_max", x.re.theta_max},
            {"sigma2_idios", x.re.sigma2_idios},
            {"sigma2_id", x.re.sigma2_id}};
      });
  for (const auto& m : c.re.fit.messages) std::fprintf(stderr, "note (RE): %s\n", m.c_str());
  for (const auto& m : c.fe.messages) std::fprintf(stderr, "note (FE): %s\n", m.c_str());
  for (const auto& m : c.test.messages) std::fprintf(stderr, "note (Hausman): %s\n", m.c_str());

  if (a.output.json) {
    emit_output(g, res.dump(2) + "\n", a.output.out);
  } else {
    FitResult re = c.re.fit;
    re.extra_stats.push_back({fmt::format("Hausman chi2({})", c.test.df), fmt::format("{:.4f}", c.test.statistic)});
    re.extra_stats.push_back({"Hausman p-value", fmt::format("{:.4f}", c.test.p)});
    emit_output(g, render_table({c.fe, re}, format, {.model_titles = {"FE", "RE"}}), a.output.out);
  }
  log.note_unrecorded(g);
}

}  // namespace

void add_estimate_hausman(CLI::App& estimate, Globals& g) {
  auto a = std::make_shared<HausmanArgs>();
  auto* cmd = estimate.add_subcommand(
      "hausman",
      "Fixed effects (within) and random effects (Swamy-Arora, as plm; balanced or unbalanced panels) side\n"
      "by side, and the Hausman test of FE against RE: H = d'[V_FE - V_RE]^-1 d over the common slopes,\n"
      "chi2 with as many df (plm phtest, Stata `hausman fe re`). A small p rejects RE in favour of FE.\n"
      "Example:\n"
      "  tradedig estimate hausman 'inv ~ value + capital' --id firm --time year --data grunfeld.csv");
  cmd->add_option("formula", a->formula, "Formula without a fixed-effects part: 'y ~ x1 + x2'")->required();
  cmd->add_option("--id", a->id, "Unit identifier (the individual effect)")->required();
  cmd->add_option("--time", a->time, "Period variable (checks one observation per unit and period)");
  cmd->add_option("--data", a->data, "A CSV/.dta file, or a table/view of the store")->capture_default_str();
  add_output_options(*cmd, a->output);
  cmd->callback([&g, a] { run_hausman(g, *a); });
}

}  // namespace tradedig::cli
