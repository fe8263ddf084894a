// Side-by-side regression tables in every format, built from real fits on Grunfeld.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "measure/estimate.h"
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
