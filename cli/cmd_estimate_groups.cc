// `tradedig estimate groups`: the same model in each group of a variable, and tests that a
// coefficient is equal across the groups (SUR/suest Wald test and the pooled interaction test).
#include <cstdio>

#include <fmt/format.h>

#include "cli/estimate_methods.h"
#include "cli/run_output.h"
#include "measure/group_tests.h"
#include "util/error.h"

namespace tradedig::cli {
namespace {

struct GroupsArgs {
  std::string formula, data = "v_firm_year_panel", by, vcov = "iid";
  std::vector<std::string> test, cluster;
  bool keep_singletons = false;
  OutputArgs output;
};

nlohmann::json groups_json(const measure::GroupComparison& c) {
  nlohmann::json res = {
      {"groups", c.groups},
      {"fits", nlohmann::json::array()},
      {"sur",
       {{"chi2", c.sur_chi2},
        {"df", c.sur_df},
        {"p", c.sur_p},
        {"vcov", c.sur_vcov},
        {"nobs", c.sur_nobs},
        {"clusters", c.sur_clusters}}},
      {"interaction",
       {{"F", c.chow_f},
        {"df1", c.chow_df1},
        {"df2", c.chow_df2},
        {"p", c.chow_p},
        {"model", measure::to_json(c.pooled)}}},
      {"differences", nlohmann::json::array()}};
  for (const auto& f : c.fits) res["fits"].push_back(measure::to_json(f));
  for (const auto& df : c.differences)
    res["differences"].push_back({{"coefficient", df.coefficient},
                                  {"group", df.group},
                                  {"difference", df.difference},
                                  {"se_sur", df.se_sur},
                                  {"se_pooled", df.se_pooled}});
  return res;
}

void run_groups(const Globals& g, const GroupsArgs& a) {
  using namespace measure;
  GroupTestOptions o;
  o.by = a.by;
  o.test = a.test;
  o.fit.cluster = a.cluster;
  o.fit.drop_singletons = !a.keep_singletons;
  if (a.vcov == "hc1" || a.vcov == "hetero" || a.vcov == "robust")
    o.fit.vcov = VcovType::kHetero;
  else if (a.vcov != "iid")
    throw UserError(fmt::format("Unknown --vcov {}; use iid or hc1 (or --cluster VAR).", a.vcov));
  TableFormat format = parse_table_format(a.output.table);

  DataFrame d = load_data(a.data, g.db_path);
  RunLog log(g);
  nlohmann::json spec = {{"formula", a.formula},
                         {"data", a.data},
                         {"by", a.by},
                         {"test", a.test},
                         {"cluster", a.cluster},
                         {"vcov", a.vcov},
                         {"drop_singletons", o.fit.drop_singletons}};
  auto [c, res, run] =
      log.record("estimate groups", spec, [&] { return compare_groups(parse_formula(a.formula), d, o); }, groups_json);
  for (size_t k = 0; k < c.fits.size(); ++k)
    for (const auto& m : c.fits[k].messages)
      std::fprintf(stderr, "note (%s = %s): %s\n", a.by.c_str(), c.groups[k].c_str(), m.c_str());

  if (a.output.json) {
    emit_output(g, res.dump(2) + "\n", a.output.out);
  } else {
    TableOptions t;
    for (const auto& label : c.groups) t.model_titles.push_back(a.by + "=" + label);
    std::string text = render_table(c.fits, format, t);
    if (format == TableFormat::kText) {
      text += fmt::format("\nSUR (suest) Wald test, {} VCOV, N = {}: chi2({}) = {:.4f}, p = {:.4f}\n", c.sur_vcov,
                          c.sur_nobs, c.sur_df, c.sur_chi2, c.sur_p);
      text += fmt::format("Interaction test in the pooled model: F({}, {:g}) = {:.4f}, p = {:.4f}\n", c.chow_df1,
                          c.chow_df2, c.chow_f, c.chow_p);
      for (const auto& df : c.differences)
        text += fmt::format("  {}: b({}={}) - b({}={}) = {:.6g} (SE: SUR {:.6g}, pooled {:.6g})\n", df.coefficient,
                            a.by, df.group, a.by, c.groups[0], df.difference, df.se_sur, df.se_pooled);
    }
    emit_output(g, text, a.output.out);
  }
  log.note_unrecorded(g);
}

}  // namespace

void add_estimate_groups(CLI::App& estimate, Globals& g) {
  auto a = std::make_shared<GroupsArgs>();
  auto* cmd = estimate.add_subcommand(
      "groups",
      "Heterogeneity by subsample: the formula estimated in each group of --by (one column per group), and\n"
      "two tests that the --test coefficient(s) are equal across groups: the SUR Wald test on stacked\n"
      "scores as Stata `suest` computes it (robust N/(N-1), or clustered G/(G-1) with --cluster; chi2), and\n"
      "the interaction (Chow) test in one pooled regression whose regressors and fixed effects are all\n"
      "interacted with the groups (feols VCOV; F). The first group (smallest value) is the reference.\n"
      "Example:\n"
      "  tradedig estimate groups 'QSY ~ lndig + lnsca | firm + year' --by soe --test lndig --cluster firm");
  cmd->add_option("formula", a->formula, "Formula: 'y ~ x1 + x2 | fe1 + fe2'")->required();
  cmd->add_option("--by", a->by, "Grouping variable (numeric or text)")->required();
  cmd->add_option("--test", a->test, "Coefficient(s) to compare across groups, as named in the table")->required();
  cmd->add_option("--cluster", a->cluster, "Cluster variable (one; a^b for an interaction)");
  cmd->add_option("--vcov", a->vcov, "Without --cluster: iid | hc1 for the group tables (the SUR test is robust)")
      ->capture_default_str();
  cmd->add_flag("--keep-singletons", a->keep_singletons, "Keep singleton observations (fixest's default)");
  cmd->add_option("--data", a->data, "A CSV/.dta file, or a table/view of the store")->capture_default_str();
  add_output_options(*cmd, a->output);
  cmd->callback([&g, a] { run_groups(g, *a); });
}

}  // namespace tradedig::cli
