// The demo world's SYNTHETIC survey: `controls` reads it with its default column names and gives
// every control and split for every firm-year of the world's panel; it is the same for the same
// seed, and a firm's rows do not depend on which other firms are in the world.
#include <catch2/catch.hpp>

#include <string>

#include "db/schema.h"
#include "measure/controls_run.h"
#include "pipeline/demo_survey.h"
#include "pipeline/demo_world.h"
#include "tests/test_support.h"
#include "util/progress.h"

using namespace tradedig;

namespace {

const pipeline::DemoWorld& survey_world() {
  static const pipeline::DemoWorld w = [] {
    Progress::set_enabled(false);
    pipeline::DemoWorldOptions o;
    o.firms_path = std::string(TRADEDIG_SAMPLE_DIR) + "/firms_astock_2021.csv";
    o.profiles_dir = std::string(TRADEDIG_SAMPLE_DIR) + "/../profiles";
    o.firms_limit = 150;
    o.observe_year = 2026;
    return pipeline::generate_demo_world(o);
  }();
  return w;
}

}  // namespace

TEST_CASE("controls derive every control and split for every firm-year of the demo survey", "[demo_survey]") {
  testing::ScratchDir dir;
  const auto& w = survey_world();
  pipeline::write_demo_survey(w, dir.file("survey/survey.csv"));
  CHECK(testing::read_file(dir.file("survey/survey.csv")).rfind("firm_id,year,founded,employees,", 0) == 0);
  db::Connection c = db::open_store(dir.file("s.db"));
  measure::ControlsRunOptions o;
  o.mapping = {{"year", "year"}};  // as `--year-col year`
  auto rep = measure::run_controls(c, dir.file("survey/survey.csv"), o);
  const int64_t years = w.options.last_year - w.options.first_year + 1;
  CHECK(rep.rows == static_cast<size_t>(w.firms.size() * years));
  CHECK(rep.firms == w.firms.size());
  CHECK(rep.fields_absent == std::vector<std::string>{"hmt_capital"});
  for (const char* v : {"lnage", "lnsca", "lncap", "lnpwa", "lnfir", "lnpro", "foe", "lninn", "size_class",
                        "small_micro", "cap_intensive", "startup"}) {
    INFO(v);
    CHECK(c.query_int(std::string("SELECT count(") + v + ") FROM firm_year").value_or(-1) ==
          static_cast<int64_t>(w.firms.size()) * years);
  }
  // Both groups of each split occur, and foe and lnfir vary within firms (a firm FE does not absorb them).
  for (const char* v : {"small_micro", "cap_intensive", "startup", "foe"}) {
    INFO(v);
    CHECK(c.query_int(std::string("SELECT count(DISTINCT ") + v + ") FROM firm_year").value_or(0) == 2);
  }
  CHECK(c.query_int(
             "SELECT count(*) FROM (SELECT firm_id FROM firm_year GROUP BY firm_id HAVING count(DISTINCT foe) = 2)")
            .value_or(0) > 0);
  CHECK(c.query_int(
             "SELECT count(*) FROM (SELECT firm_id FROM firm_year GROUP BY firm_id HAVING min(lnfir) < max(lnfir))")
            .value_or(0) > static_cast<int64_t>(w.firms.size()) / 2);
}

TEST_CASE("the demo survey is the same for the same seed and a firm's rows do not depend on the other firms",
          "[demo_survey]") {
  testing::ScratchDir dir;
  const auto& w = survey_world();
  pipeline::write_demo_survey(w, dir.file("a.csv"));
  pipeline::write_demo_survey(w, dir.file("b.csv"));
  const std::string all = testing::read_file(dir.file("a.csv"));
  CHECK(all == testing::read_file(dir.file("b.csv")));

  pipeline::DemoWorld one = w;
  one.firms = {w.firms[7]};
  pipeline::write_demo_survey(one, dir.file("one.csv"));
  const std::string lone = testing::read_file(dir.file("one.csv"));
  const std::string rows = lone.substr(lone.find('\n') + 1);
  CHECK(all.find(rows) != std::string::npos);

  pipeline::DemoWorld other = w;
  other.options.seed += 1;
  pipeline::write_demo_survey(other, dir.file("c.csv"));
  CHECK(testing::read_file(dir.file("c.csv")) != all);
}
