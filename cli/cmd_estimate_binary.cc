// `tradedig estimate probit|logit` and `tradedig estimate heckman`.
#include <cstdio>

#include <fmt/format.h>

#include "cli/estimate_methods.h"
#include "cli/run_output.h"
#include "measure/binary_choice.h"
#include "measure/heckman.h"
#include "util/error.h"

namespace tradedig::cli {
namespace {

struct BinaryArgs {
  std::string formula, data = "v_firm_year_panel", vcov = "oim";
  std::vector<std::string> cluster;
  bool ame = false, discrete = false;
  int64_t max_fe_levels = 2000;
  OutputArgs output;
};

measure::BinaryOptions binary_options(const BinaryArgs& a, measure::Link link) {
  measure::BinaryOptions o;
  o.link = link;
  o.cluster = a.cluster;
  o.max_fe_levels = a.max_fe_levels;
  if (a.vcov == "robust" || a.vcov == "hc1") o.vcov = measure::VcovType::kHetero;
  else if (a.vcov == "eim") o.expected_information = true;
  else if (a.vcov != "oim") throw UserError(fmt::format("Unknown --vcov {}; use oim, eim or robust (or --cluster VAR).", a.vcov));
  return o;
}

// The columns of one run's table and what is recorded for it.
struct Models {
  std::vector<measure::FitResult> fits;
  std::vector<std::string> titles;
  nlohmann::json results;
};

// Runs `estimate` (returning Models) as one recorded run, then prints notes to stderr and the table
// (or JSON) of the models.
template <class Estimate>
void record_and_print(const Globals& g, const std::string& kind, const nlohmann::json& spec, const OutputArgs& out,
                      Estimate&& estimate) {
  RunLog log(g);
  auto [m, results, run] = log.record(kind, spec, estimate, [](const Models& r) { return r.results; });
  for (const auto& fit : m.fits)
    for (const auto& note : fit.messages) std::fprintf(stderr, "note: %s\n", note.c_str());
  log.note_unrecorded(g);
  if (out.json) {
    emit_output(g, results.dump(2) + "\n", out.out);
    return;
  }
  measure::TableOptions to;
  to.model_titles = m.titles;
  emit_output(g, measure::render_table(m.fits, measure::parse_table_format(out.table), to), out.out);
}

void run_binary(const Globals& g, const BinaryArgs& a, measure::Link link) {
  using namespace measure;
  const std::string name = link == Link::kProbit ? "probit" : "logit";
  parse_table_format(a.output.table);
  DataFrame d = load_data(a.data, g.db_path);
  nlohmann::json spec = {{"formula", a.formula}, {"data", a.data}, {"vcov", a.vcov}, {"cluster", a.cluster},
                         {"ame", a.ame}, {"discrete", a.discrete}};
  const BinaryOptions o = binary_options(a, link);
  record_and_print(g, "estimate " + name, spec, a.output, [&] {
    BinaryFit b = fit_binary(parse_formula(a.formula), d, o);
    Models m{{b.fit}, {b.fit.estimator}, {{"model", to_json(b.fit)}, {"log_likelihood", b.log_likelihood},
                                           {"pseudo_r2", b.pseudo_r2}, {"iterations", b.iterations}}};
    if (a.ame) {
      m.fits.push_back(average_marginal_effects(b, a.discrete ? b.dummy_names : std::vector<std::string>{}));
      m.titles.emplace_back("AME");
      m.results["ame"] = to_json(m.fits.back());
    }
    return m;
  });
}

struct HeckmanArgs {
  std::string outcome, selection, data = "v_firm_year_panel", vcov = "iid";
  std::vector<std::string> cluster;
  bool imr = false, keep_singletons = false;
  OutputArgs output;
};

void run_heckman(const Globals& g, const HeckmanArgs& a) {
  using namespace measure;
  parse_table_format(a.output.table);
  DataFrame d = load_data(a.data, g.db_path);
  nlohmann::json spec = {{"outcome", a.outcome}, {"selection", a.selection}, {"data", a.data}, {"imr", a.imr},
                         {"cluster", a.cluster}, {"vcov", a.vcov}};
  FitOptions o;  // of the outcome equation with --imr; the two-step estimator has its own VCOV
  o.cluster = a.cluster;
  o.drop_singletons = !a.keep_singletons;
  if (a.imr) {
    if (a.vcov == "hc1" || a.vcov == "robust") o.vcov = VcovType::kHetero;
    else if (a.vcov != "iid")
      throw UserError(fmt::format("Unknown --vcov {}; use iid or hc1 (or --cluster VAR).", a.vcov));
  } else if (!a.cluster.empty() || a.vcov != "iid") {
    throw UserError("The two-step estimator has its own corrected VCOV; --cluster/--vcov apply with --imr only.");
  }
  record_and_print(g, "estimate heckman", spec, a.output, [&] {
    const HeckmanResult h = a.imr ? heckman_imr(parse_formula(a.outcome), parse_formula(a.selection), d, o)
                                  : heckman_two_step(parse_formula(a.outcome), parse_formula(a.selection), d);
    return Models{{h.selection.fit, h.outcome},
                  {"Selection (probit)", a.imr ? "Outcome (OLS + IMR)" : "Outcome (two-step)"},
                  {{"selection", to_json(h.selection.fit)}, {"outcome", to_json(h.outcome)}, {"sigma", h.sigma},
                   {"rho", h.rho}, {"n_selected", h.n_selected}, {"n_total", h.n_total}}};
  });
}

void add_binary(CLI::App& estimate, Globals& g, measure::Link link) {
  auto a = std::make_shared<BinaryArgs>();
  const bool probit = link == measure::Link::kProbit;
  auto* cmd = estimate.add_subcommand(
      probit ? "probit" : "logit",
      fmt::format("{} by maximum likelihood, with average marginal effects (--ame).\n"
                  "The outcome is 0/1, or text with two values (the one sorting last is 1, as in R).\n"
                  "Fixed effects after '|' enter as dummies. SEs: oim (Stata's default), eim (R's glm),\n"
                  "robust, or --cluster VAR (Stata's G/(G-1)). AMEs use the delta method; --discrete treats\n"
                  "0/1 regressors as Stata's i. variables (discrete change).\n"
                  "Example:\n"
                  "  tradedig estimate {} 'exporter ~ lndig + lnsize + age | year' --ame --cluster firm_id",
                  probit ? "Probit" : "Logit", probit ? "probit" : "logit"));
  cmd->add_option("formula", a->formula, "'y ~ x1 + x2 | fe'")->required();
  cmd->add_option("--data", a->data, "A CSV/.dta file, or a table/view of the store")->capture_default_str();
  cmd->add_option("--vcov", a->vcov, "oim | eim | robust")->capture_default_str();
  cmd->add_option("--cluster", a->cluster, "Cluster variable")->expected(1);
  cmd->add_flag("--ame", a->ame, "Add a column of average marginal effects");
  cmd->add_flag("--discrete", a->discrete, "AMEs of 0/1 regressors as discrete changes");
  cmd->add_option("--max-fe-levels", a->max_fe_levels, "Most FE dummies allowed")->capture_default_str();
  add_output_options(*cmd, a->output);
  cmd->callback([&g, a, link] { run_binary(g, *a, link); });
}

}  // namespace

void add_estimate_binary(CLI::App& estimate, Globals& g) {
  add_binary(estimate, g, measure::Link::kProbit);
  add_binary(estimate, g, measure::Link::kLogit);
}

void add_estimate_heckman(CLI::App& estimate, Globals& g) {
  auto a = std::make_shared<HeckmanArgs>();
  auto* cmd = estimate.add_subcommand(
      "heckman",
      "Heckman selection model: probit selection, inverse Mills ratio, outcome equation.\n"
      "Default: the two-step estimator with the corrected VCOV, σ and ρ (Stata `heckman, twostep`).\n"
      "--imr: the form used in the trade papers, OLS of the outcome on the regressors plus the IMR\n"
      "with absorbed fixed effects and clustered SEs (SEs not corrected for the first step).\n"
      "Examples:\n"
      "  tradedig estimate heckman 'log(wage) ~ educ + exper' --selection 'inlf ~ educ + exper + kids' --data mroz.csv\n"
      "  tradedig estimate heckman 'QSY ~ lndig + lnsize | firm_id + year' --selection 'exporter ~ lndig + lnsize + age'"
      " --imr --cluster firm_id");
  cmd->add_option("outcome", a->outcome, "Outcome equation 'y ~ x1 + x2 [| fe]'")->required();
  cmd->add_option("--selection", a->selection, "Selection equation 's ~ z1 + z2' (s is 0/1)")->required();
  cmd->add_option("--data", a->data, "A CSV/.dta file, or a table/view of the store")->capture_default_str();
  cmd->add_flag("--imr", a->imr, "IMR-as-regressor form with fixed effects");
  cmd->add_option("--cluster", a->cluster, "Cluster variable(s) of the outcome equation (--imr)");
  cmd->add_option("--vcov", a->vcov, "iid | hc1 for the outcome equation (--imr)")->capture_default_str();
  cmd->add_flag("--keep-singletons", a->keep_singletons, "Keep singleton observations (--imr)");
  add_output_options(*cmd, a->output);
  cmd->callback([&g, a] { run_heckman(g, *a); });
}

}  // namespace tradedig::cli
