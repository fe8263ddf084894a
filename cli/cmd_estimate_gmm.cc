// `tradedig estimate gmm`: Arellano–Bond difference GMM and Blundell–Bond system GMM
// (measure/panel_gmm.h), one- or two-step, with the Sargan–Hansen and AR(1)/AR(2) tests.
#include <cstdio>

#include <fmt/format.h>

#include "cli/estimate_methods.h"
#include "cli/run_output.h"
#include "measure/panel_gmm.h"
#include "util/error.h"

namespace tradedig::cli {
namespace {

struct GmmArgs {
  std::string formula, data = "v_firm_year_panel", id = "firm_id", time = "year";
  std::string transformation = "d", effect = "twoways", model = "onestep", vcov = "robust";
  bool collapse = false;
  OutputArgs output;
};

measure::GmmOptions gmm_options(const GmmArgs& a) {
  using namespace measure;
  GmmOptions o;
  o.id = a.id;
  o.time = a.time;
  o.collapse = a.collapse;
  if (a.transformation == "d") o.transformation = GmmTransformation::kDifference;
  else if (a.transformation == "ld") o.transformation = GmmTransformation::kSystem;
  else
    throw UserError(
        fmt::format("Unknown --transformation {}; use d (difference GMM) or ld (system GMM).", a.transformation));
  if (a.effect == "individual") o.effect = GmmEffect::kIndividual;
  else if (a.effect == "twoways") o.effect = GmmEffect::kTwoWays;
  else throw UserError(fmt::format("Unknown --effect {}; use individual or twoways.", a.effect));
  if (a.model == "onestep") o.steps = GmmSteps::kOneStep;
  else if (a.model == "twostep" || a.model == "twosteps") o.steps = GmmSteps::kTwoStep;
  else throw UserError(fmt::format("Unknown --model {}; use onestep or twostep.", a.model));
  if (a.vcov == "robust") o.vcov = GmmVcov::kRobust;
  else if (a.vcov == "classical") o.vcov = GmmVcov::kClassical;
  else throw UserError(fmt::format("Unknown --vcov {}; use robust or classical.", a.vcov));
  return o;
}

nlohmann::json gmm_json(const measure::GmmResult& r) {
  nlohmann::json res = measure::to_json(r.fit);
  res["groups"] = r.groups;
  res["instruments"] = r.instruments;
  auto test = [](const measure::GmmTest& t) {
    return nlohmann::json{{"statistic", t.statistic}, {"df", t.df}, {"p", t.p}};
  };
  res["sargan_hansen"] = test(r.sargan);
  res["ar1"] = test(r.ar1);
  res["ar2"] = test(r.ar2);
  nlohmann::json all = nlohmann::json::object();
  for (size_t j = 0; j < r.all_names.size(); ++j) all[r.all_names[j]] = r.all_coef[static_cast<Eigen::Index>(j)];
  res["all_coefficients"] = all;
  return res;
}

void run_gmm(const Globals& g, const GmmArgs& a) {
  using namespace measure;
  GmmOptions o = gmm_options(a);
  TableFormat format = parse_table_format(a.output.table);
  DataFrame d = load_data(a.data, g.db_path);
  RunLog log(g);
  nlohmann::json spec = {{"formula", a.formula}, {"data", a.data},   {"id", a.id},
                         {"time", a.time},       {"transformation", a.transformation},
                         {"effect", a.effect},   {"model", a.model}, {"vcov", a.vcov},
                         {"collapse", a.collapse}};
  auto [r, res, run] = log.record("estimate gmm", spec, [&] { return panel_gmm(a.formula, d, o); }, gmm_json);
  for (const auto& m : r.fit.messages) std::fprintf(stderr, "note: %s\n", m.c_str());
  if (a.output.json) emit_output(g, res.dump(2) + "\n", a.output.out);
  else emit_output(g, render_table({r.fit}, format), a.output.out);
  log.note_unrecorded(g);
}

}  // namespace

void add_estimate_gmm(CLI::App& estimate, Globals& g) {
  auto a = std::make_shared<GmmArgs>();
  auto* cmd = estimate.add_subcommand(
      "gmm",
      "Dynamic panel GMM as R plm::pgmm: Arellano-Bond difference GMM (--transformation d) or\n"
      "Blundell-Bond system GMM (ld), one- or two-step. Formula: 'y ~ model | GMM instruments [| IV\n"
      "instruments]' where lag(x, a:b) adds lags a..b. Two-step SEs are Windmeijer-corrected, one-step\n"
      "SEs robust; the table foot has the Sargan-Hansen J, Arellano-Bond AR(1)/AR(2) and Wald tests.\n"
      "Example (Arellano-Bond 1991, Table 4 col. b):\n"
      "  tradedig estimate gmm 'log(emp) ~ lag(log(emp), 1:2) + lag(log(wage), 0:1) + log(capital)\n"
      "    + lag(log(output), 0:1) | lag(log(emp), 2:99)' --data plm_EmplUK.csv --id firm --time year");
  cmd->add_option("formula", a->formula, "'y ~ lag(y, 1:2) + x | lag(y, 2:99)'")->required();
  cmd->add_option("--data", a->data, "A CSV/.dta file, or a table/view of the store")->capture_default_str();
  cmd->add_option("--id", a->id, "Individual index variable")->capture_default_str();
  cmd->add_option("--time", a->time, "Time index variable (lags count its distinct values)")->capture_default_str();
  cmd->add_option("--transformation", a->transformation, "d (difference GMM) | ld (system GMM)")->capture_default_str();
  cmd->add_option("--effect", a->effect, "individual | twoways (adds period dummies)")->capture_default_str();
  cmd->add_option("--model", a->model, "onestep | twostep")->capture_default_str();
  cmd->add_option("--vcov", a->vcov, "robust (one-step sandwich, two-step Windmeijer) | classical (two-step only)")
      ->capture_default_str();
  cmd->add_flag("--collapse", a->collapse, "One instrument column per lag instead of per period and lag");
  add_output_options(*cmd, a->output);
  cmd->callback([&g, a] { run_gmm(g, *a); });
}

}  // namespace tradedig::cli
