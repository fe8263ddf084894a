// The HTML report: charts are valid standalone SVG with the numbers where they belong, text is
// escaped, a store whose steps have not run says so, and models recorded in `runs` come back as tables.
#include <regex>

#include <catch2/catch.hpp>

#include "db/runs.h"
#include "db/schema.h"
#include "measure/estimate.h"
#include "report/html_report.h"
#include "report/model_runs.h"
#include "report/store_summary.h"
#include "report/svg_chart.h"
#include "tests/test_support.h"

using namespace tradedig;
using namespace tradedig::report;
using tradedig::testing::ScratchDir;

namespace {

// Counts of opening and closing tags of `name` (self-closing tags count as both).
std::pair<size_t, size_t> tag_counts(const std::string& s, const std::string& name) {
  size_t open = 0, close = 0;
  for (size_t p = 0; (p = s.find("<" + name, p)) != std::string::npos; ++p) {
    const char next = s[p + 1 + name.size()];
    if (next != ' ' && next != '>') continue;
    ++open;
    const size_t end = s.find('>', p);
    if (end != std::string::npos && s[end - 1] == '/') ++close;
  }
  for (size_t p = 0; (p = s.find("</" + name + ">", p)) != std::string::npos; ++p) ++close;
  return {open, close};
}

double attr(const std::string& s, const std::string& element_start, const std::string& name) {
  const size_t p = s.find(element_start);
  REQUIRE(p != std::string::npos);
  std::smatch m;
  std::string tail = s.substr(p, 400);
  REQUIRE(std::regex_search(tail, m, std::regex(name + "=\"([-0-9.]+)\"")));
  return std::stod(m[1]);
}

}  // namespace

TEST_CASE("a coefficient plot puts each estimate between its interval ends and the zero line in the axis", "[report]") {
  std::string svg = coefficient_plot({{"(1) baseline", 0.0031, 0.0023, 0.0039}, {"(2) <controls>", -0.001, -0.004, 0.002}},
                                     "lndig & friends");
  CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(tag_counts(svg, "svg") == std::make_pair<size_t, size_t>(1, 1));
  CHECK(tag_counts(svg, "circle").first == 2);
  CHECK(svg.find("lndig &amp; friends") != std::string::npos);
  CHECK(svg.find("(2) &lt;controls&gt;") != std::string::npos);
  CHECK(svg.find("<controls>") == std::string::npos);
  // The first circle (0.0031) lies right of the dashed zero line; the second (-0.001) left of it.
  const double zero = attr(svg, "stroke-dasharray", "x1");
  const size_t second = svg.find("<circle", svg.find("<circle") + 1);
  const double c1 = attr(svg, "<circle", "cx"), c2 = attr(svg.substr(second), "<circle", "cx");
  CHECK(c1 > zero);
  CHECK(c2 < zero);
}

TEST_CASE("an event-study plot draws one bar per period and marks the reference period", "[report]") {
  std::vector<EventPoint> pts;
  for (int k = -4; k <= 4; ++k)
    if (k != -1) pts.push_back({static_cast<double>(k), k >= 0 ? 0.1 * (k + 1) : 0.0, -0.05, k >= 0 ? 0.12 * (k + 1) : 0.05});
  std::string svg = event_study_plot(pts, "Dynamic effects");
  CHECK(tag_counts(svg, "circle").first == 8);
  CHECK(svg.find("Years relative to treatment") != std::string::npos);
  CHECK(tag_counts(svg, "svg") == std::make_pair<size_t, size_t>(1, 1));
}

TEST_CASE("the page links every section and escapes titles but not trusted section markup", "[report]") {
  ReportPage page{"Study <A>", "sub", {{"one", "Tables & plots", "<table><tr><td>1</td></tr></table>"}}, "footer"};
  std::string html = render_html(page);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<a href=\"#one\">Tables &amp; plots</a>") != std::string::npos);
  CHECK(html.find("<title>Study &lt;A&gt;</title>") != std::string::npos);
  CHECK(html.find("<table><tr><td>1</td></tr></table>") != std::string::npos);
  CHECK(html.find("http") == std::string::npos);  // nothing to fetch
  for (const char* tag : {"section", "table", "nav", "body", "html"}) {
    auto [open, close] = tag_counts(html, tag);
    CHECK(open == close);
  }
}

TEST_CASE("an empty store's report says which steps have not run", "[report]") {
  ScratchDir dir;
  db::Connection c = db::open_store(dir.file("s.db"));
  CHECK(crawl_section(c).html.find("No pages have been fetched") != std::string::npos);
  CHECK(matching_section(c).html.find("No links yet") != std::string::npos);
  CHECK(adoption_section(c).html.find("No digitization scores yet") != std::string::npos);
  CHECK(tables_section(recorded_models(c)).html.find("No models") != std::string::npos);
}

TEST_CASE("models recorded in runs come back as one table per label with the same numbers", "[report]") {
  ScratchDir dir;
  db::Connection c = db::open_store(dir.file("s.db"));
  measure::DataFrame d;
  d.add_numeric_column("y", {1.0, 2.1, 2.9, 4.2, 5.1, 5.8});
  d.add_numeric_column("x", {1, 2, 3, 4, 5, 6});
  measure::FitResult fit = measure::feols(measure::parse_formula("y ~ x"), d);
  fit.extra_stats = {{"First-stage F", "12.5"}, {"AR(2) p", "0.4"}};
  for (int k = 0; k < 2; ++k) {
    int64_t run = db::begin_run(c, "regress", R"({"formula": "y ~ x", "table": "Table 2"})");
    db::finish_run(c, run, true, measure::to_json(fit).dump());
  }
  int64_t other = db::begin_run(c, "estimate probit", "{}");
  db::finish_run(c, other, true, nlohmann::json({{"model", measure::to_json(fit)}, {"ame", measure::to_json(fit)}}).dump());
  auto models = recorded_models(c);
  REQUIRE(models.size() == 3);  // the same spec run twice: the later run stands for both
  CHECK(models[0].run_id == 2);
  CHECK(models[1].run_id == 3);
  CHECK(models[2].run_id == 3);
  CHECK(models[0].table == "Table 2");
  CHECK(models[0].fit.coef[1] == fit.coef[1]);
  CHECK(models[0].fit.se[1] == fit.se[1]);
  REQUIRE(models[0].fit.extra_stats.size() == 2);
  CHECK(models[0].fit.extra_stats[0].first == "First-stage F");  // order kept
  Section s = tables_section(models);
  CHECK(tag_counts(s.html, "table").first == 2);  // "Table 2" and run 3's own table
  CHECK(s.html.find("Table 2") != std::string::npos);
  CHECK(s.html.find("First-stage F") != std::string::npos);
  auto focus = focus_intervals(models, "x");
  REQUIRE(focus.size() == 3);
  CHECK(focus[0].low < focus[0].estimate);
  CHECK(focus[0].estimate == fit.coef[1]);
}

TEST_CASE("the latest event-study run's path comes back for the plot, reference period included", "[report]") {
  ScratchDir dir;
  db::Connection c = db::open_store(dir.file("s.db"));
  nlohmann::json path = nlohmann::json::array();
  for (int k = -3; k <= 2; ++k)
    path.push_back({{"period", k}, {"estimate", k == -1 ? 0.0 : 0.5 * k}, {"ci_low", k == -1 ? 0.0 : 0.5 * k - 0.1},
                    {"ci_high", k == -1 ? 0.0 : 0.5 * k + 0.1}, {"reference", k == -1}});
  int64_t old_run = db::begin_run(c, "estimate event-study", R"({"formula": "old"})");
  db::finish_run(c, old_run, true, nlohmann::json({{"path", nlohmann::json::array()}}).dump());
  int64_t run = db::begin_run(c, "estimate event-study", R"({"formula": "y ~ x"})");
  db::finish_run(c, run, true, nlohmann::json({{"path", path}}).dump());
  std::string formula;
  auto pts = latest_event_path(c, &formula);
  CHECK(formula == "y ~ x");
  REQUIRE(pts.size() == 6);
  CHECK(pts[0].period == -3);
  CHECK(pts[5].estimate == 1.0);
  CHECK(pts[2].estimate == 0.0);
}
