// `tradedig regress`: OLS or 2SLS with absorbed fixed effects, one or several formulas into one table.
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "util/stopwatch.h"
#include "cli/commands.h"
#include "cli/run_output.h"
#include "db/schema.h"
#include "measure/estimate.h"
#include "measure/iv.h"
#include "measure/variable_labels.h"
#include "util/error.h"

namespace tradedig::cli {

namespace {

struct RegressArgs {
  std::vector<std::string> formulas;
  std::string data = "v_firm_year_panel", vcov = "iid", weights, weight_type = "analytic";
  std::string labels_file;
  bool store_labels = false, no_depvar = false;
  OutputArgs output;
  std::vector<std::string> cluster, titles;
  std::string label;
  bool keep_singletons = false, first_stage = false;
  double tolerance = 1e-12;
};

// Labels for the table: the store's var_labels of the --data table or view with --store-labels,
// then those of --labels FILE on top (the file wins where both label a variable).
measure::VariableLabels table_labels(const Globals& g, const RegressArgs& a) {
  measure::VariableLabels labels;
  if (a.store_labels) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(a.data, ec) || !std::filesystem::exists(g.db_path, ec))
      throw UserError(fmt::format("--store-labels needs --data to be a table or view of the store, not {}; "
                                  "use --labels FILE for a data file.",
                                  a.data));
    db::Connection c = db::open_store(g.db_path, /*must_exist=*/true);
    labels = measure::store_labels(c, a.data);
  }
  if (!a.labels_file.empty())
    for (auto& [name, label] : measure::read_labels_file(a.labels_file)) labels[name] = label;
  return labels;
}

void run_regress(const Globals& g, const RegressArgs& a) {
  using namespace measure;
  FitOptions o;
  o.cluster = a.cluster;
  o.weights = a.weights;
  if (a.weight_type == "frequency" || a.weight_type == "fweight") o.weight_type = WeightType::kFrequency;
  else if (a.weight_type != "analytic" && a.weight_type != "aweight")
    throw UserError(fmt::format("Unknown --weight-type {}; use analytic or frequency.", a.weight_type));
  o.drop_singletons = !a.keep_singletons;
  o.tolerance = a.tolerance;
  if (a.vcov == "hc1" || a.vcov == "hetero" || a.vcov == "robust") o.vcov = VcovType::kHetero;
  else if (a.vcov != "iid") throw UserError(fmt::format("Unknown --vcov {}; use iid or hc1 (or --cluster VAR).", a.vcov));
  TableFormat format = parse_table_format(a.output.table);
  TableOptions to;
  to.model_titles = a.titles;
  to.show_depvar = !a.no_depvar;
  if (!a.output.json) to.labels = table_labels(g, a);

  util::Stopwatch load_clock;
  DataFrame d = load_data(a.data, g.db_path);
  if (!g.quiet)
    std::fprintf(stderr, "Read %s: %lld rows, %zu columns in %.2f s\n", a.data.c_str(), static_cast<long long>(d.rows()),
                 d.columns().size(), load_clock.seconds());
  RunLog log(g);
  std::vector<FitResult> fits, first_stages;
  std::vector<std::string> first_titles;
  nlohmann::json all = nlohmann::json::array();
  if (!a.titles.empty() && a.titles.size() != a.formulas.size())
    throw UserError(fmt::format("--titles has {} titles for {} formulas.", a.titles.size(), a.formulas.size()));
  for (size_t m = 0; m < a.formulas.size(); ++m) {
    const std::string& text = a.formulas[m];
    nlohmann::json spec = {{"formula", text},     {"data", a.data},        {"cluster", a.cluster},
                           {"vcov", a.vcov},      {"weights", a.weights},  {"weight_type", a.weight_type},
                           {"drop_singletons", o.drop_singletons},
                           {"tolerance", a.tolerance}};
    if (!a.label.empty()) spec["table"] = a.label;
    if (!a.titles.empty()) spec["title"] = a.titles[m];
    int64_t run = log.start("regress", spec);
    nlohmann::json res;
    try {
      // A formula with an IV part (| endog ~ instruments) is estimated by 2SLS.
      Formula f = parse_formula(text);
      if (f.has_iv) {
        if (o.weight_type == WeightType::kFrequency && !o.weights.empty())
          throw UserError("Frequency weights are supported for OLS only; use --weight-type analytic with an IV formula.");
        IvResult iv = feiv(f, d, o);
        res = to_json(iv);
        for (size_t k = 0; k < iv.first_stages.size(); ++k) {
          first_titles.push_back(fmt::format("({}) {}", fits.size() + 1, iv.diagnostics.endogenous[k]));
          first_stages.push_back(std::move(iv.first_stages[k]));
        }
        fits.push_back(std::move(iv.second_stage));
      } else {
        fits.push_back(feols(f, d, o));
        res = to_json(fits.back());
      }
    } catch (const std::exception& e) {
      log.finish(run, false, nlohmann::json({{"error", e.what()}}).dump());
      throw;
    }
    res["run_id"] = run;
    log.finish(run, true, res.dump());
    all.push_back(std::move(res));
    for (const auto& note : fits.back().messages) std::fprintf(stderr, "note (%s): %s\n", text.c_str(), note.c_str());
    if (!g.quiet && !fits.back().seconds.empty()) {
      double total = 0;
      std::string parts;
      for (const auto& [phase, sec] : fits.back().seconds) {
        total += sec;
        parts += fmt::format("{}{} {:.2f} s", parts.empty() ? "" : ", ", phase, sec);
      }
      std::fprintf(stderr, "Fitted model %zu in %.2f s (%s)\n", m + 1, total, parts.c_str());
    }
  }
  if (a.output.json) {
    emit_output(g, all.dump(2) + "\n", a.output.out);
  } else {
    std::string table = render_table(fits, format, to);
    if (a.first_stage && !first_stages.empty()) {
      // The first stages of every IV model, titled "(model) endogenous regressor".
      TableOptions fo = to;
      fo.model_titles = first_titles;
      table += format == TableFormat::kCsv ? "\n" : "\nFirst stages\n";
      table += render_table(first_stages, format, fo);
    }
    emit_output(g, table, a.output.out);
  }
  log.note_unrecorded(g);
}

}  // namespace

void add_regress_command(CLI::App& app, Globals& g) {
  auto a = std::make_shared<RegressArgs>();
  auto* cmd = app.add_subcommand(
      "regress",
      "OLS with absorbed fixed effects in fixest formula syntax; several formulas make one table.\n"
      "A formula with an IV part, 'y ~ exog | fe | endog ~ instruments', is estimated by 2SLS, with the\n"
      "first-stage F, Cragg-Donald F and Kleibergen-Paap rk LM / rk Wald F (ivreg2) at the table foot;\n"
      "--first-stage adds a table of the first stages. OLS and IV models can share one table.\n"
      "Standard errors follow reghdfe/fixest (FE nested in clusters, G_min, t with G-1 df); singletons\n"
      "are dropped iteratively as reghdfe does (--keep-singletons for fixest's default). Each model is\n"
      "recorded in the store's `runs` table with its specification and full results.\n"
      "The table names each model's dependent variable (--no-depvar hides the row). Variables show\n"
      "their names unless labels are asked for, as with esttab's `label` or etable's `dict`:\n"
      "--store-labels takes the store's var_labels of the --data table/view, --labels FILE a CSV\n"
      "with columns name,label (it wins over the store); 'a:b' shows as 'label(a) × label(b)' and\n"
      "an i(var) dummy as 'label(var) = level'. --weight-type frequency reads --weights as Stata\n"
      "fweights (N = sum of weights, like expanding the data); the default is analytic (aweights).\n"
      "Examples:\n"
      "  tradedig regress 'QSY ~ lndig + lnsca | firm + prov^ind^year' --cluster firm\n"
      "  tradedig regress 'y ~ x' 'y ~ x + z | firm' --data panel.csv --table tex --out t2.tex\n"
      "  tradedig regress 'QSY ~ lndig + lnsca | firm + year' --cluster firm --store-labels --table tex\n"
      "  tradedig regress 'y ~ x' --data cells.csv --weights count --weight-type frequency --vcov hc1\n"
      "  tradedig regress 'QSY ~ lnsca | firm + year | lndig ~ dig_ivt' --cluster firm --first-stage");
  cmd->add_option("formula", a->formulas, "One or more formulas: 'y ~ x1 + log(x2) + i(year) | fe1 + fe2^fe3 | endog ~ inst'")->required();
  cmd->add_option("--data", a->data, "A CSV/.dta file, or a table/view of the store")->capture_default_str();
  cmd->add_option("--cluster", a->cluster, "Cluster variable(s); several = multiway (a^b for an interaction)");
  cmd->add_option("--vcov", a->vcov, "Without --cluster: iid | hc1")->capture_default_str();
  cmd->add_option("--weights", a->weights, "Weights column (see --weight-type)");
  cmd->add_option("--weight-type", a->weight_type, "analytic (aweight) | frequency (fweight: N = sum of weights)")
      ->capture_default_str();
  cmd->add_option("--labels", a->labels_file, "CSV with columns name,label: labels shown instead of variable names");
  cmd->add_flag("--store-labels", a->store_labels, "Show the store's var_labels of the --data table/view");
  cmd->add_flag("--no-depvar", a->no_depvar, "Leave out the 'Dependent variable' row");
  cmd->add_flag("--keep-singletons", a->keep_singletons, "Keep singleton observations (fixest's default)");
  cmd->add_flag("--first-stage", a->first_stage, "Also print the first stages of IV models (a second table)");
  cmd->add_option("--tolerance", a->tolerance, "Demeaning tolerance (relative CG residual)")->capture_default_str();
  cmd->add_option("--label", a->label, "Name of the table these models form (groups them in `tradedig report`)");
  cmd->add_option("--titles", a->titles, "Column titles, one per formula")->delimiter(',');
  add_output_options(*cmd, a->output);
  cmd->callback([&g, a] { run_regress(g, *a); });
}

}  // namespace tradedig::cli
