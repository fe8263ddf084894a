// The paper's Tables 1-7 on a store built from SYNTHETIC customs (measure::simulate, planted effect
// of lndig on log quality), digitization written from the simulated start years, and the demo
// world's synthetic survey run through `controls`: every table builds, the baseline column equals a
// direct feols, missing variables skip columns with a note, and the columns are recorded as runs.
#include <algorithm>
#include <chrono>
#include <cmath>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "db/evidence_store.h"
#include "db/import.h"
#include "db/runs.h"
#include "db/schema.h"
#include "measure/controls_run.h"
#include "measure/estimate.h"
#include "measure/quality_run.h"
#include "measure/simulate.h"
#include "report/full_report.h"
#include "report/model_runs.h"
#include "report/paper_tables.h"
#include "tests/test_support.h"
#include "util/error.h"
#ifdef TRADEDIG_HAVE_PIPELINE
#include "pipeline/demo_survey.h"
#endif

// The store needs the demo world's survey (pipeline/), so builds without the pipeline test only the parser.
using namespace tradedig;
using report::PaperTable;
using report::PaperTablesOptions;

#ifdef TRADEDIG_HAVE_PIPELINE
namespace {

constexpr double kBeta = 0.05;  // planted effect of lndig on log quality (measure/simulate.h default)

// One store for the whole file: building it (simulate, import, quality, survey) is the slow part.
struct PaperStore {
  testing::ScratchDir dir;
  db::Connection c;
  measure::Simulation sim;
  int64_t digitization_rows = 0;
  double build_seconds = 0;
  std::vector<PaperTable> tables;

  PaperStore() {
    c = db::open_store(dir.file("s.db"));
    measure::SimulationOptions so;
    so.firms = 800;
    so.seed = 424242;
    sim = measure::simulate(so);
    measure::write_simulation(sim, dir.file("sim"));
    db::import_table(c, db::ImportKind::kFirms, dir.file("sim/firms.csv"), {});
    // Provinces and industries (manufacturing divisions, so no firm is a trade intermediary).
    const char* provinces[] = {"浙江", "广东", "江苏"};
    const char* industries[] = {"17", "39"};
    auto up = c.prepare("UPDATE firms SET province = ?, industry = ? WHERE firm_id = ?");
    for (size_t i = 0; i < sim.firms.size(); ++i) {
      up.bind_all(provinces[i % 3], industries[(i / 3) % 2], sim.firms[i].firm_id);
      up.run();
    }
    db::import_table(c, db::ImportKind::kCustoms, dir.file("sim/customs.csv"), {});
    measure::QualityRunOptions qo;
    qo.variants = {"QKL"};
    measure::run_quality(c, qo);
    // Digitization of every firm-year from the true start years (what `score` would find).
    std::vector<db::DigitizationRow> rows;
    for (const auto& f : sim.firms)
      for (int y = so.first_year; y <= so.last_year; ++y) {
        db::DigitizationRow r;
        r.firm_id = f.firm_id;
        r.year = y;
        auto on = [&](int start) { return start > 0 && start <= y ? 1 : 0; };
        r.pit = on(f.pit_start);
        r.pdo = on(f.pdo_start);
        r.icp = on(f.icp_start);
        r.dig_tr = 1 + 4 * r.pit + 2 * r.icp + r.pdo;
        r.lndig = measure::simulated_lndig(f, y);
        REQUIRE(r.lndig == Approx(std::log(r.dig_tr)).margin(1e-12));
        int used = 0;
        for (int start : {f.pit_start, f.pdo_start, f.icp_start})
          if (start > 0 && start <= y) used = std::max(used, y - start + 1);
        r.years_used = used;
        r.lndigs = std::log(1.0 + used);
        rows.push_back(r);
      }
    digitization_rows = static_cast<int64_t>(rows.size());
    db::replace_digitization(c, rows, db::begin_run(c, "score", "{}"));
    pipeline::DemoWorld w;
    w.options.seed = 7;
    for (size_t i = 0; i < sim.firms.size(); ++i) {
      pipeline::DemoFirm f;
      f.firm_id = sim.firms[i].firm_id;
      f.founded = 1990 + static_cast<int>(i % 20);  // some founded after 2002: the survey dates them back
      w.firms.push_back(f);
    }
    pipeline::write_demo_survey(w, dir.file("survey/survey.csv"));
    measure::run_controls(c, dir.file("survey/survey.csv"), {});
    const auto t0 = std::chrono::steady_clock::now();
    tables = report::build_paper_tables(c, PaperTablesOptions{});
    build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
};

PaperStore& store() {
  static PaperStore s;
  return s;
}

const PaperTable& table(int n) {
  for (const auto& t : store().tables)
    if (t.number == n) return t;
  FAIL("no Table " << n);
  throw std::logic_error("unreachable");
}

bool has_note(const PaperTable& t, const std::string& part) {
  for (const auto& n : t.notes)
    if (n.find(part) != std::string::npos) return true;
  return false;
}

double coef(const measure::FitResult& f, const std::string& name) {
  for (size_t j = 0; j < f.names.size(); ++j)
    if (f.names[j] == name) return f.coef[static_cast<Eigen::Index>(j)];
  FAIL("no coefficient " << name << " in " << f.formula);
  return 0;
}

}  // namespace

TEST_CASE("every paper table builds on a synthetic store, with numbered columns and an N row in each format",
          "[paper-tables]") {
  auto& s = store();
  // 0.4 s here for 800 firms; the bound only catches a pathological slowdown on a busy machine.
  INFO("Tables 1-7 built in " << s.build_seconds << " s");
  CHECK(s.build_seconds < 30);
  REQUIRE(s.tables.size() == 7);
  for (const auto& t : s.tables) {
    INFO("Table " << t.number << "\n" << t.text);
    CHECK(t.fits.size() == t.column_titles.size());
    CHECK(t.run_ids.size() == t.fits.size());
    CHECK(t.text.find(fmt::format("Table {}.", t.number)) != std::string::npos);
    if (t.number == 1) continue;
    CHECK_FALSE(t.fits.empty());
    for (const auto* body : {&t.text, &t.latex, &t.html, &t.markdown}) {
      CHECK(body->find("(1)") != std::string::npos);
      CHECK(body->find("Observations") != std::string::npos);
    }
  }
  CHECK(table(2).text.find("(4)") != std::string::npos);
  CHECK(table(2).latex.find("\\begin{tabular}") != std::string::npos);
  CHECK(table(2).html.find("<table class=\"regression\">") != std::string::npos);
}

TEST_CASE("Table 1 counts the firm-years of the eight cases and they sum to the digitization rows", "[paper-tables]") {
  auto& s = store();
  const PaperTable& t = table(1);
  INFO(t.text);
  int64_t sum = 0;
  for (int k = 1; k <= 8; ++k)
    sum += s.c.query_int(fmt::format("SELECT count(*) FROM digitization WHERE dig_tr = {}", k)).value_or(0);
  CHECK(sum == s.digitization_rows);
  CHECK(t.markdown.find(fmt::format("| Total |  |  |  | {} | 100.00 |", s.digitization_rows)) != std::string::npos);
  // Each case's count appears on its row after its pit, pdo, icp.
  for (int k = 1; k <= 8; ++k) {
    const int64_t n = s.c.query_int(fmt::format("SELECT count(*) FROM digitization WHERE dig_tr = {}", k)).value_or(0);
    CHECK(t.markdown.find(fmt::format("| {} | {} | {} | {} | {} |", k, (k - 1) / 4, (k - 1) % 2, ((k - 1) / 2) % 2,
                                      n)) != std::string::npos);
  }
}

// QKL is min-max normalised within product and averaged with export-value weights (METHODS.md §2), so
// its lndig coefficient is the planted β divided by the product's quality range; the value-weighted
// KSW log quality before normalisation keeps the planted scale, and there β must be inside the CI.
TEST_CASE("Table 2 column 1 equals a direct feols, and on unnormalised quality every column covers the planted effect",
          "[paper-tables]") {
  auto& s = store();
  const PaperTable& t = table(2);
  INFO(t.text);
  REQUIRE(t.fits.size() == 5);  // (5) destination market needs lnpgp/lngdp
  measure::FitOptions fo;
  fo.cluster = {"firm_id"};
  const auto d = measure::load_store_table(s.c, "v_firm_year_panel");
  const auto direct = measure::feols(measure::parse_formula("QKL ~ lndig"), d, fo);
  CHECK(t.fits[0].formula == "QKL ~ lndig");
  CHECK(std::fabs(coef(t.fits[0], "lndig") - coef(direct, "lndig")) < 1e-10);
  CHECK(std::fabs(t.fits[0].se[1] - direct.se[1]) < 1e-10);
  CHECK(t.fits[0].nobs == direct.nobs);
  CHECK(t.fits[2].formula ==
        "QKL ~ lndig + lnsca + lnage + lncap + lnpwa + lnfir + lnpro + foe | firm_id + "
        "province^industry^year");
  CHECK(t.fits[4].formula.find("lninn + lnsdp |") != std::string::npos);

  s.c.exec(
      "CREATE TABLE IF NOT EXISTS panel_raw AS SELECT p.*, q.QKL_raw FROM v_firm_year_panel p LEFT JOIN "
      "(SELECT firm_id, year, sum(value_usd * quality) / sum(value_usd) AS QKL_raw FROM quality "
      "WHERE variant = 'QKL' AND quality IS NOT NULL GROUP BY firm_id, year) q USING (firm_id, year)");
  PaperTablesOptions o;
  o.tables = {2};
  o.data = "panel_raw";
  o.depvar = "QKL_raw";
  o.record_runs = false;
  const auto raw = report::build_paper_tables(s.c, o);
  REQUIRE(raw[0].fits.size() == 5);
  for (size_t k = 0; k < raw[0].fits.size(); ++k) {
    const auto& f = raw[0].fits[k];
    const auto j = static_cast<Eigen::Index>(std::find(f.names.begin(), f.names.end(), "lndig") - f.names.begin());
    INFO(raw[0].column_titles[k] << ": lndig " << f.coef[j] << " [" << f.ci_low[j] << ", " << f.ci_high[j] << "]");
    CHECK(f.ci_low[j] < kBeta);
    CHECK(f.ci_high[j] > kBeta);
    if (k > 0) CHECK(f.ci_low[j] > 0);  // with firm FE the effect is found, not just not rejected
  }
}

TEST_CASE("columns whose variables are absent are skipped with a note, never an exception", "[paper-tables]") {
  CHECK(has_note(table(2), "Not estimated: + Destination market — lnpgp, lngdp not in the data."));
  CHECK(has_note(table(2), "left out of the controls: lntfp, lnpgp, lngdp"));
  CHECK(has_note(table(3), "Not estimated: QBW — QBW not in the data."));
  CHECK(has_note(table(4), "Not estimated: Omitted variable: dpi"));
  CHECK(has_note(table(5), "Not estimated: lntfp mediation — lntfp not in the data."));
  CHECK(table(2).text.find("Not estimated: + Destination market") != std::string::npos);
  CHECK(table(2).html.find("<li>Not estimated: + Destination market") != std::string::npos);

  // A store without quality at all: every regression table says why it is empty.
  testing::ScratchDir dir;
  db::Connection empty = db::open_store(dir.file("e.db"));
  empty.exec("INSERT INTO firm_year(firm_id, year) VALUES ('a', 2005), ('a', 2006)");
  PaperTablesOptions o;
  o.record_runs = false;
  std::vector<PaperTable> ts;
  REQUIRE_NOTHROW(ts = report::build_paper_tables(empty, o));
  REQUIRE(ts.size() == 7);
  CHECK(has_note(ts[0], "no digitization scores"));
  for (size_t k = 1; k < ts.size(); ++k) {
    INFO(ts[k].text);
    CHECK(ts[k].fits.empty());
    CHECK(ts[k].text.find("No column could be estimated") != std::string::npos);
  }
  o.tables = {8};
  CHECK_THROWS_AS(report::build_paper_tables(empty, o), UserError);
}

TEST_CASE("Table 4 reports the instrument diagnostics and Table 7 the cross-group test", "[paper-tables]") {
  const PaperTable& t4 = table(4);
  INFO(t4.text);
  REQUIRE(t4.column_titles.size() == 4);
  CHECK(t4.column_titles[2] == "(3) IV: lndig_l1");
  CHECK(t4.column_titles[3] == "(4) IV: dig_ivt");
  for (const char* row : {"KP rk LM", "Cragg-Donald F", "IMR", "Selected / total N"})
    CHECK(t4.text.find(row) != std::string::npos);
  CHECK(t4.fits[2].estimator == "2SLS");
  const PaperTable& t7 = table(7);
  INFO(t7.text);
  CHECK(t7.fits.size() == 16);  // four splits, two groups, a-path and b-path
  CHECK(t7.text.find("SUR chi2(1) lndig") != std::string::npos);
  CHECK(t7.text.find("Small & micro") != std::string::npos);
  const PaperTable& t3 = table(3);
  CHECK(t3.text.find("PSM-DID event study") != std::string::npos);
  CHECK(t3.text.find("post_4") != std::string::npos);
}

TEST_CASE("every column is recorded as a run that the report reads back, the event study included", "[paper-tables]") {
  auto& s = store();
  const auto models = report::recorded_models(s.c);
  size_t recorded = 0;
  for (const auto& t : s.tables)
    for (size_t k = 0; k < t.fits.size(); ++k) {
      REQUIRE(t.run_ids[k] > 0);
      ++recorded;
      auto it = std::find_if(models.begin(), models.end(), [&](const auto& m) { return m.run_id == t.run_ids[k]; });
      REQUIRE(it != models.end());
      CHECK(it->fit.formula == t.fits[k].formula);
      CHECK(it->fit.coef.size() == t.fits[k].coef.size());
      CHECK(it->fit.coef[0] == t.fits[k].coef[0]);
      CHECK((it->table == fmt::format("Table {}", t.number) || it->table == "Table 3 (event study)"));
    }
  CHECK(recorded > 40);
  CHECK(s.c.query_int("SELECT count(*) FROM runs WHERE command = 'tables' AND status = 'ok'").value_or(0) ==
        static_cast<int64_t>(recorded) - 1);
  CHECK(s.c.query_int("SELECT count(*) FROM runs WHERE command = 'estimate event-study'").value_or(0) == 1);
  std::string formula;
  const auto path = report::latest_event_path(s.c, &formula);
  CHECK(path.size() == 9);
  CHECK(formula.rfind("QKL ~ lnsca", 0) == 0);

  report::ReportRequest req;
  for (const auto& t : s.tables) req.paper_tables_html.emplace_back(fmt::format("Table {}", t.number), t.html);
  const auto page = report::build_report(s.c, req);
  auto section =
      std::find_if(page.sections.begin(), page.sections.end(), [](const auto& x) { return x.id == "paper-tables"; });
  REQUIRE(section != page.sections.end());
  CHECK(section->title == "Paper tables");
  CHECK(section->html.find("Table 7. Heterogeneity") != std::string::npos);
  CHECK(std::any_of(page.sections.begin(), page.sections.end(), [](const auto& x) { return x.id == "event-study"; }));
}

#endif  // TRADEDIG_HAVE_PIPELINE

TEST_CASE("table numbers parse from ranges and lists", "[paper-tables]") {
  CHECK(report::parse_table_numbers("1-7") == std::vector<int>{1, 2, 3, 4, 5, 6, 7});
  CHECK(report::parse_table_numbers("2,4") == std::vector<int>{2, 4});
  CHECK(report::parse_table_numbers("4, 2-3,2") == std::vector<int>{2, 3, 4});
  CHECK_THROWS_AS(report::parse_table_numbers("0-3"), UserError);
  CHECK_THROWS_AS(report::parse_table_numbers("two"), UserError);
  CHECK_THROWS_AS(report::parse_table_numbers("5-3"), UserError);
}
