#include "measure/firm_controls.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "db/import.h"
#include "db/schema.h"
#include "measure/controls_run.h"
#include "tests/test_support.h"
#include "util/error.h"

using namespace tradedig;
using namespace tradedig::measure;

namespace {

// Four firm-years covering every rule of firm_controls.h: A is clean (and exactly 25% foreign), B
// was founded in the survey year and has zero staff, a loss larger than its sales and 74.99/300
// foreign, C was "founded" after the survey year and has a non-numeric headcount, D lacks a founding
// year and has negative fixed assets and patents.
constexpr const char* kSurvey =
    "企业代码,年份,开业年份,从业人数,固定资产合计,应付工资,利息支出,资产总计,利润总额,工业销售产值,外商资本,实收资本,"
    "专利申请数\n"
    "A,2005,2003,250,5000,500,30,10000,200,8000,75,300,4\n"
    "B,2005,2005,0,100,10,-1,10000,-9000,8000,74.99,300,\n"
    "C,2006,2007,abc,100,10,5,0,-4000,8000,400,300,0\n"
    "D,2006,,1,-5,0,5,100,10,0,10,0,-1\n";

const ControlReport& report_of(const FirmControls& c, const std::string& name) {
  for (const auto& r : c.report)
    if (r.name == name) return r;
  FAIL("no report for " << name);
  return c.report.front();
}

}  // namespace

TEST_CASE("firm controls follow the paper's formulas on a hand-computed table", "[firm_controls]") {
  testing::ScratchDir dir;
  auto s = load_firm_survey(dir.write("f.csv", kSurvey));
  REQUIRE(s.size() == 4);
  CHECK(s.firm_id[2] == "C");
  CHECK(s.year[3] == 2006);
  auto c = compute_firm_controls(s);

  // Expected values from R 4.2: options(digits = 17);
  //   log(3); log(250); log(5000/250 + 1); log(500/250 + 1); log(30/10000 + 1); log(200/8000 + 1); log(4 + 1)
  //   log(-4000/8000 + 1); log(5/100 + 1)
  struct Row {
    const char* var;
    const std::vector<double>* values;
    double a, b, c, d;  // NaN = missing
  };
  const double na = std::nan("");
  const Row table[] = {
      {"lnage", &c.lnage, 1.0986122886681097821, 0.0, na, na},                     // B: founded = survey year → age 1
      {"lnsca", &c.lnsca, 5.5214609178622460206, na, na, 0.0},                     // B: 0 employees; C: 'abc'
      {"lncap", &c.lncap, 3.0445224377234230140, na, na, na},                      // D: fixed assets -5
      {"lnpwa", &c.lnpwa, 1.0986122886681097821, na, na, 0.0},                     // D: 0 wages / 1 employee
      {"lnfir", &c.lnfir, 0.0029955089797983709, na, na, 0.048790164169432049},    // B: interest -1; C: assets 0
      {"lnpro", &c.lnpro, 0.0246926125903714141, na, -0.6931471805599452862, na},  // B: loss > sales; D: sales 0
      {"foe", &c.foe, 1, 0, 1, na},                             // A: exactly 25%; B: 24.997%; D: paid-in 0
      {"lninn", &c.lninn, 1.6094379124341002818, na, 0.0, na},  // B: empty; D: -1
  };
  for (const auto& r : table) {
    const double expected[] = {r.a, r.b, r.c, r.d};
    for (size_t i = 0; i < 4; ++i) {
      INFO(r.var << " row " << i);
      if (std::isnan(expected[i]))
        CHECK(std::isnan((*r.values)[i]));
      else
        CHECK((*r.values)[i] == Approx(expected[i]).epsilon(1e-12).margin(1e-15));
    }
  }

  // Rows by reason, counted from the table above.
  struct Count {
    const char* var;
    int64_t computed, missing_input, out_of_range;
  };
  const Count counts[] = {{"lnage", 2, 1, 1}, {"lnsca", 2, 1, 1}, {"lncap", 1, 1, 2}, {"lnpwa", 2, 1, 1},
                          {"lnfir", 2, 0, 2}, {"lnpro", 2, 0, 2}, {"foe", 3, 0, 1},   {"lninn", 2, 1, 1}};
  for (const auto& k : counts) {
    INFO(k.var);
    const auto& r = report_of(c, k.var);
    CHECK(r.computed == k.computed);
    CHECK(r.missing_input == k.missing_input);
    CHECK(r.out_of_range == k.out_of_range);
  }
  CHECK(c.foe_share_above_one == 1);  // C: 400 of 300
  CHECK(s.bad_cells[static_cast<size_t>(SurveyField::kEmployees)] == 1);
  CHECK(s.first_bad_cell.find("f.csv:4: column 从业人数: 'abc' is not a number") != std::string::npos);
}

TEST_CASE("absent columns leave their variables missing for every row, never zero", "[firm_controls]") {
  testing::ScratchDir dir;
  auto s = load_firm_survey(dir.write("f.csv", "firm_id,year,employees\nA,2005,250\nB,2005,30\n"));
  CHECK_FALSE(s.has(SurveyField::kPatents));
  CHECK(s.has(SurveyField::kEmployees));
  auto c = compute_firm_controls(s);
  for (size_t i = 0; i < 2; ++i) {
    CHECK(std::isnan(c.lninn[i]));
    CHECK(std::isnan(c.foe[i]));
    CHECK(std::isnan(c.lnage[i]));
    CHECK(std::isnan(c.lncap[i]));
  }
  CHECK(c.lnsca[1] == Approx(3.4011973816621555).epsilon(1e-12));  // R: log(30)
  CHECK(report_of(c, "lninn").missing_input == 2);
  CHECK(report_of(c, "lnsca").computed == 2);
}

TEST_CASE("founding dates, English headers and --map overrides are read", "[firm_controls]") {
  testing::ScratchDir dir;
  // 成立日期 is a date: its year counts. The file has two employee columns; --map picks the second.
  auto path = dir.write("f.csv",
                        "法人代码,年度,成立日期,从业人数,全部从业人员年平均人数\n"
                        "X1,2007,2006-05-01,10,40\n");
  auto s = load_firm_survey(path, {{"employees", "全部从业人员年平均人数"}});
  CHECK(s[SurveyField::kFounded][0] == 2006);
  CHECK(s[SurveyField::kEmployees][0] == 40);
  CHECK(firm_age(2007, 2006) == 2);
  CHECK(firm_age(2007, 2007) == 1);
  CHECK(std::isnan(firm_age(2007, 2008)));
  CHECK(capital_per_worker(0, 10) == 0);
  CHECK(std::isnan(capital_per_worker(100, 0)));
  // --year-col is a mapping of `year`.
  auto t = load_firm_survey(dir.write("g.csv", "id,survey,employees\nX1,2009,5\n"), {{"year", "survey"}});
  CHECK(t.year[0] == 2009);
}

TEST_CASE("Hong Kong, Macao and Taiwan capital counts as foreign only when asked", "[firm_controls]") {
  testing::ScratchDir dir;
  auto s = load_firm_survey(dir.write("f.csv",
                                      "firm_id,year,外商资本,港澳台资本,实收资本\n"
                                      "A,2005,50,25,300\n"   // 50/300 < 25%, (50+25)/300 = 25%
                                      "B,2005,80,,300\n"));  // empty HMT cell counts as 0
  auto plain = compute_firm_controls(s);
  CHECK(plain.foe[0] == 0);
  CHECK(plain.foe[1] == 1);
  auto with_hmt = compute_firm_controls(s, {.foe_include_hmt = true});
  CHECK(with_hmt.foe[0] == 1);
  CHECK(with_hmt.foe[1] == 1);
}

TEST_CASE("bad keys and duplicate firm-years are errors naming the line", "[firm_controls]") {
  testing::ScratchDir dir;
  auto message = [&](const std::string& name, const std::string& text, const db::ColumnMapping& m = {}) {
    try {
      load_firm_survey(dir.write(name, text), m);
    } catch (const UserError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(message("a.csv", "firm_id,year\nA,2005\nA,2005\n"),
             Catch::Contains("a.csv:3: firm A appears twice for 2005 (also at line 2)"));
  CHECK_THAT(message("b.csv", "firm_id,year\n,2005\n"), Catch::Contains("b.csv:2: column firm_id: empty firm id"));
  CHECK_THAT(message("c.csv", "firm_id,year\nA,two\n"), Catch::Contains("c.csv:2: column year: 'two' is not a year"));
  CHECK_THAT(message("d.csv", "firm_id,employees\nA,3\n"), Catch::Contains("no column for year"));
  CHECK_THAT(message("e.csv", "firm_id,year\nA,2005\n", {{"staff", "x"}}), Catch::Contains("'staff' is not a field"));
  CHECK_THAT(message("f.csv", "firm_id,year\nA,2005\n", {{"employees", "人数"}}),
             Catch::Contains("has no column '人数'"));
}

TEST_CASE("the controls step writes controls, splits and the ordinary-trade share to firm_year", "[firm_controls]") {
  testing::ScratchDir dir;
  db::Connection c = db::open_store(dir.file("s.db"));
  // A exports 100 in ordinary trade and 300 in processing in 2005 (share 0.25); Z never exports.
  db::import_table(c, db::ImportKind::kCustoms,
                   dir.write("customs.csv",
                             "firm_id,year,hs8,dest,mode,value_usd,quantity\n"
                             "A,2005,61091000,US,一般贸易,100,10\n"
                             "A,2005,61091000,US,进料加工贸易,300,10\n"),
                   {});
  ControlsRunOptions o;
  o.mapping = {{"year", "调查年份"}};
  auto rep = run_controls(c,
                          dir.write("survey.csv",
                                    "企业代码,调查年份,开业年份,从业人数,营业收入\n"
                                    "A,2005,2003,250,5000\n"
                                    "Z,2005,2005,10,200\n"),
                          o);
  CHECK(rep.rows == 2);
  CHECK(rep.trade_mode);
  CHECK(rep.survey_firm_years_in_customs == 1);
  CHECK(rep.size_counts[1] == 1);  // Z: 10 employees → micro
  CHECK(rep.size_counts[2] == 1);  // A: 250 staff, 5,000 thousand yuan = 500 10k → small
  auto number = [&](const std::string& sql) {
    auto s = c.query_string(sql);
    return s ? std::stod(*s) : std::nan("");
  };
  CHECK(number("SELECT lnsca FROM firm_year WHERE firm_id = 'A' AND year = 2005") == Approx(5.5214609178622460206));
  CHECK(number("SELECT lnage FROM v_firm_year_panel WHERE firm_id = 'Z' AND year = 2005") == 0);
  CHECK(number("SELECT startup FROM v_firm_year_panel WHERE firm_id = 'Z' AND year = 2005") == 1);
  CHECK(number("SELECT small_micro FROM v_firm_year_panel WHERE firm_id = 'A' AND year = 2005") == 1);
  CHECK(number("SELECT ordinary_share FROM firm_year WHERE firm_id = 'A' AND year = 2005") == 0.25);
  CHECK(number("SELECT ordinary_trade FROM firm_year WHERE firm_id = 'A' AND year = 2005") == 0);
  CHECK(c.query_int("SELECT count(*) FROM firm_year WHERE lninn IS NOT NULL") == 0);  // no patent column
  CHECK(c.query_int("SELECT count(*) FROM runs WHERE command = 'controls' AND status = 'ok'") == 1);
  const auto text = describe(rep);
  CHECK(text.find("no column for:") != std::string::npos);
  CHECK(text.find("1 of 2 survey firm-years have customs exports") != std::string::npos);
}
