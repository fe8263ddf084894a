// Side-by-side regression tables in every format, built from real fits on Grunfeld.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "db/schema.h"
#include "measure/estimate.h"
#include "measure/variable_labels.h"
#include "tests/test_support.h"
#include "util/error.h"

using namespace tradedig::measure;

namespace {

std::vector<FitResult> two_models() {
  DataFrame d = load_file(tradedig::testing::shared_path("data/reference/plm_Grunfeld.csv"));
  FitOptions o;
  o.cluster = {"firm"};
  return {feols(parse_formula("inv ~ value | firm"), d, o), feols(parse_formula("inv ~ value + capital | firm + year"), d, o)};
}

bool has(const std::string& s, const std::string& what) { return s.find(what) != std::string::npos; }

}  // namespace

TEST_CASE("The text table shows stars, SEs in parentheses, FE rows, N, adjusted and within R²") {
  auto models = two_models();
  std::string t = render_table(models, TableFormat::kText);
  // value: coef 0.1177 with cluster SE ~0.01, p < 0.01 in model 2 → three stars.
  CHECK(has(t, fmt::format("{:.4f}***", models[1].coef[0])));
  CHECK(has(t, fmt::format("({:.4f})", models[1].se[1])));
  CHECK(has(t, "firm FE"));
  CHECK(has(t, "year FE"));
  CHECK(has(t, "No"));
  CHECK(has(t, "Observations"));
  CHECK(has(t, "Within R²"));
  CHECK(has(t, "(1)"));
  CHECK(has(t, "* p<0.10, ** p<0.05, *** p<0.01"));
}

TEST_CASE("Stars follow the 10/5/1 percent thresholds of the p-value") {
  auto models = two_models();
  auto& r = models[0];
  r.p[0] = 0.07;
  CHECK(has(render_table({r}, TableFormat::kCsv), fmt::format("value,{:.4f}*\n", r.coef[0])));
  r.p[0] = 0.03;
  CHECK(has(render_table({r}, TableFormat::kCsv), fmt::format("value,{:.4f}**\n", r.coef[0])));
  r.p[0] = 0.2;
  std::string csv = render_table({r}, TableFormat::kCsv);
  CHECK_FALSE(has(csv, "*"));
}

TEST_CASE("LaTeX output uses booktabs rules and escapes names") {
  auto models = two_models();
  std::string t = render_table(models, TableFormat::kLatex);
  CHECK(has(t, "\\toprule"));
  CHECK(has(t, "\\midrule"));
  CHECK(has(t, "\\bottomrule"));
  CHECK(has(t, "$^{***}$"));
  CHECK(has(t, "Adj. $R^2$"));
  CHECK(has(t, "\\begin{tabular}{l*{2}{c}}"));
}

TEST_CASE("Markdown, CSV and HTML tables carry the same cells") {
  auto models = two_models();
  std::string md = render_table(models, TableFormat::kMarkdown);
  std::string csv = render_table(models, TableFormat::kCsv);
  std::string html = render_table(models, TableFormat::kHtml);
  CHECK(has(md, "|:---|---:|---:|"));
  CHECK(has(csv, ",(1),(2)\n"));
  CHECK(has(csv, "Observations,200,200"));
  CHECK(has(html, "<table"));
  CHECK(has(html, "<td>Yes</td>"));
}

TEST_CASE("Unknown table formats are rejected with the list of formats") {
  CHECK(parse_table_format("tex") == TableFormat::kLatex);
  CHECK_THROWS_WITH(parse_table_format("docx"), Catch::Contains("text, md, tex, csv or html"));
}

TEST_CASE("JSON results carry full-precision coefficients, VCOV and sample bookkeeping") {
  auto models = two_models();
  auto j = to_json(models[1]);
  CHECK(j["nobs"] == 200);
  CHECK(j["coefficients"][0]["estimate"].get<double>() == models[1].coef[0]);
  CHECK(j["vcov"].size() == 2);
  CHECK(j["fixed_effects"][0]["nested_in_cluster"] == true);
  CHECK(j["vcov_type"] == "cluster(firm)");
}

TEST_CASE("Coefficient labels follow esttab/etable rules for plain, interacted and i() names", "[regression_table]") {
  VariableLabels l = {{"value", "Market value"}, {"capital", "Capital stock"}, {"year", "Year"}, {"log(x)", "Log x"}};
  CHECK(coefficient_label("value", l) == "Market value");
  CHECK(coefficient_label("log(x)", l) == "Log x");
  CHECK(coefficient_label("value:capital", l) == "Market value × Capital stock");
  CHECK(coefficient_label("year::1940", l) == "Year = 1940");
  CHECK(coefficient_label("value:year::1940", l) == "Market value × Year = 1940");
  CHECK(coefficient_label("value:z", l) == "Market value × z");
  // Nothing labelled: the name as it is, including the "::" of an unlabelled factor.
  CHECK(coefficient_label("z:firm::2", l) == "z:firm::2");
  CHECK(coefficient_label("(Intercept)", l) == "(Intercept)");
  CHECK(coefficient_label("(Intercept)", {{"(Intercept)", "Constant"}}) == "Constant");
}

TEST_CASE("Tables show labels for coefficients and the dependent variable row", "[regression_table]") {
  DataFrame d = load_file(tradedig::testing::shared_path("data/reference/plm_Grunfeld.csv"));
  FitOptions o;
  o.cluster = {"firm"};
  std::vector<FitResult> models = {feols(parse_formula("inv ~ value*capital | year"), d, o),
                                   feols(parse_formula("log(inv) ~ value + i(firm)"), d)};
  TableOptions to;
  to.labels = {{"value", "Market value"}, {"capital", "Capital stock"}, {"inv", "Gross investment"}, {"firm", "Firm"}};
  to.show_depvar = true;
  std::string csv = render_table(models, TableFormat::kCsv, to);
  // value in model 1: its coefficient with stars, now on the labelled row.
  CHECK(has(csv, fmt::format("Market value,{:.4f}", models[0].coef[0])));
  CHECK(has(csv, "\nMarket value × Capital stock,"));
  CHECK(has(csv, "\nFirm = 2,,"));
  CHECK(has(csv, "\nDependent variable,Gross investment,log(inv)\n"));
  CHECK_FALSE(has(csv, "\nvalue,"));
  std::string tex = render_table(models, TableFormat::kLatex, to);
  CHECK(has(tex, "Market value $\\times$ Capital stock"));
  // Without labels and the option the table is as before: names, no dependent-variable row.
  std::string plain = render_table(models, TableFormat::kCsv);
  CHECK(has(plain, "\nvalue:capital,"));
  CHECK_FALSE(has(plain, "Dependent variable"));
}

TEST_CASE("A labels file needs name and label columns and labels each name once", "[regression_table]") {
  tradedig::testing::ScratchDir dir;
  auto l = read_labels_file(
      dir.write("labels.csv", "name,label\nvalue,\"Market value, USD\"\ncapital,\n(Intercept),Constant\n"));
  CHECK(l.size() == 2);
  CHECK(l["value"] == "Market value, USD");
  CHECK(l["(Intercept)"] == "Constant");
  CHECK_THROWS_WITH(read_labels_file(dir.write("bad.csv", "var,text\nvalue,Market value\n")),
                    Catch::Contains("name and label"));
  CHECK_THROWS_WITH(read_labels_file(dir.write("dup.csv", "name,label\nvalue,A\nvalue,B\n")),
                    Catch::Contains("value a second time"));
}

TEST_CASE("Store labels come from var_labels of the analysis panel view", "[regression_table]") {
  tradedig::testing::ScratchDir dir;
  auto c = tradedig::db::open_store(dir.file("t.db"));
  auto l = store_labels(c, "v_firm_year_panel");
  // db/schema_migrations.cc: ('v_firm_year_panel','lndig','ln(dig_tr)').
  CHECK(l.at("lndig") == "ln(dig_tr)");
  CHECK(l.at("lnsca") == "ln employees");
  CHECK_THROWS_AS(store_labels(c, "no_such_view"), tradedig::UserError);
}
