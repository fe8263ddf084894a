#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "db/import.h"
#include "db/schema.h"
#include "measure/destination_controls.h"
#include "measure/quality_run.h"
#include "tests/test_support.h"
#include "util/error.h"

using namespace tradedig;
using namespace tradedig::measure;

namespace {

constexpr double kNoQuantity = std::numeric_limits<double>::quiet_NaN();

struct Builder {
  db::CustomsColumns c;
  void add(int32_t f, int32_t d, int32_t p, int16_t t, double v, double q) {
    c.firm.push_back(f);
    c.dest.push_back(d);
    c.product.push_back(p);
    c.mode.push_back(0);
    c.year.push_back(t);
    c.month.push_back(1);
    c.value.push_back(v);
    c.quantity.push_back(q);
  }
};

const db::FirmYearValue& at(const std::vector<db::FirmYearValue>& v, int32_t f, int16_t t) {
  for (const auto& x : v)
    if (x.firm == f && x.year == t) return x;
  FAIL("no firm-year " << f << "/" << t);
  return v.front();
}

}  // namespace

TEST_CASE("lnsdp is the export-weighted price CV of the firm's destination-products") {
  Builder b;
  b.c.firm_names = {"A", "B", "C"};
  b.c.dest_names = {"JP", "US"};
  b.c.product_codes = {"61091000", "62034200"};
  b.c.mode_names = {"一般贸易"};
  // Cell (US, 61091000, 2005): unit values 10, 20, 30 → mean 20, sample sd 10, CV 0.5.
  b.add(0, 1, 0, 2005, 100, 10);
  b.add(1, 1, 0, 2005, 400, 20);
  b.add(2, 1, 0, 2005, 300, 10);
  b.add(0, 1, 0, 2005, 100, kNoQuantity);  // no unit value, but A's weight on US-61091000 is 200
  b.add(0, 1, 0, 2005, 0, 5);              // value 0: ignored (would add a unit value of 0)
  // Cell (JP, 61091000, 2005): unit values 10, 12 → mean 11, sd √2, CV √2/11.
  b.add(0, 0, 0, 2005, 50, 5);
  b.add(1, 0, 0, 2005, 60, 5);
  // Cell (JP, 62034200, 2005): one unit value → no CV.
  b.add(0, 0, 1, 2005, 200, kNoQuantity);
  b.add(2, 0, 1, 2005, 80, 8);
  // Cell (JP, 61091000, 2006): one unit value → C's 2006 has no lnsdp.
  b.add(2, 0, 0, 2006, 10, 1);

  auto r = price_dispersion_control(b.c);
  const double cv_jp = std::sqrt(2.0) / 11;
  REQUIRE(r.lnsdp.size() == 4);
  CHECK(at(r.lnsdp, 0, 2005).value == Approx((200 * 0.5 + 50 * cv_jp) / 250));  // 0.425713
  CHECK(at(r.lnsdp, 0, 2005).value == Approx(0.425713).epsilon(1e-5));
  CHECK(at(r.lnsdp, 1, 2005).value == Approx((400 * 0.5 + 60 * cv_jp) / 460));  // 0.451552
  CHECK(at(r.lnsdp, 2, 2005).value == Approx(0.5));  // JP-62034200 has no CV and leaves the weights
  CHECK(std::isnan(at(r.lnsdp, 2, 2006).value));
  CHECK(r.cells == 4);
  CHECK(r.cells_with_cv == 2);
  CHECK(r.rows_without_price == 2);
  CHECK(r.firm_years_without == 1);
}

TEST_CASE("lnsdp is zero when every exporter charges the same price") {
  Builder b;
  b.c.firm_names = {"A", "B"};
  b.c.dest_names = {"US"};
  b.c.product_codes = {"61091000"};
  b.c.mode_names = {""};
  b.add(0, 0, 0, 2010, 100, 10);
  b.add(1, 0, 0, 2010, 50, 5);
  auto r = price_dispersion_control(b.c);
  REQUIRE(r.lnsdp.size() == 2);
  CHECK(r.lnsdp[0].value == 0);
  CHECK(r.lnsdp[1].value == 0);
}

TEST_CASE("lngdp and lnpgp weight ln GDP by exports to the destinations found in the WDI file") {
  testing::ScratchDir dir;
  // Matched through either key column, case-insensitively; ".." is WDI's missing value.
  auto path = dir.write("wdi.csv",
                        "Country Name,ISO3,Year,GDP,GDP_PC\n"
                        "Japan,JPN,2005,4.0e12,32000\n"
                        "United States,USA,2005,1.3e13,44000\n"
                        "United States,USA,2006,1.4e13,..\n");
  auto wdi = load_wdi(path);
  CHECK(wdi.rows == 3);

  Builder b;
  b.c.firm_names = {"A", "B"};
  b.c.dest_names = {"Atlantis", "JPN", "united states"};
  b.c.product_codes = {"61091000", "62034200"};
  b.c.mode_names = {""};
  b.add(0, 1, 0, 2005, 100, 1);  // A 2005: JPN 200 (two products), US 300, Atlantis 500 (not in the file)
  b.add(0, 1, 1, 2005, 100, 1);
  b.add(0, 2, 0, 2005, 300, 1);
  b.add(0, 0, 0, 2005, 500, 1);
  b.add(0, 2, 0, 2006, 50, 1);  // A 2006: US 50 (GDP only), JPN 50 (no 2006 row)
  b.add(0, 1, 0, 2006, 50, 1);
  b.add(1, 0, 0, 2005, 70, 1);  // B 2005: Atlantis only
  b.add(1, 1, 0, 2005, 0, 1);   // value 0: not an export

  auto g = gdp_controls(b.c, wdi);
  REQUIRE(g.lngdp.size() == 3);
  REQUIRE(g.lnpgp.size() == 3);
  CHECK(at(g.lngdp, 0, 2005).value == Approx((200 * std::log(4.0e12) + 300 * std::log(1.3e13)) / 500));
  CHECK(at(g.lngdp, 0, 2005).value == Approx(29.7245).epsilon(1e-5));
  CHECK(at(g.lnpgp, 0, 2005).value == Approx((200 * std::log(32000.0) + 300 * std::log(44000.0)) / 500));
  CHECK(at(g.lnpgp, 0, 2005).value == Approx(10.5646).epsilon(1e-5));
  CHECK(at(g.lngdp, 0, 2006).value == Approx(std::log(1.4e13)));
  CHECK(std::isnan(at(g.lnpgp, 0, 2006).value));
  CHECK(std::isnan(at(g.lngdp, 1, 2005).value));
  CHECK(std::isnan(at(g.lnpgp, 1, 2005).value));

  CHECK(g.dests_not_in_file == 1);
  REQUIRE(g.dest_names_not_in_file.size() == 1);
  CHECK(g.dest_names_not_in_file[0] == "Atlantis");
  CHECK(g.pairs == 6);
  CHECK(g.value == Approx(1170));
  CHECK(g.pairs_without_gdp == 3);  // A05 Atlantis, A06 JPN, B05 Atlantis
  CHECK(g.value_without_gdp == Approx(620));
  CHECK(g.pairs_without_gdp_pc == 4);  // and A06 US
  CHECK(g.value_without_gdp_pc == Approx(670));
  CHECK(g.firm_years_without_gdp == 1);
  CHECK(g.firm_years_without_gdp_pc == 2);
}

TEST_CASE("a WDI file keyed by the customs dest column is read with other common header names") {
  testing::ScratchDir dir;
  auto path = dir.write("wdi.csv", "DEST,yr,gdp_usd,GDP per capita\n美国,2005,1.3e13,44000\n");
  auto wdi = load_wdi(path);
  Builder b;
  b.c.firm_names = {"A"};
  b.c.dest_names = {"美国"};
  b.c.product_codes = {"61091000"};
  b.c.mode_names = {""};
  b.add(0, 0, 0, 2005, 10, 1);
  auto g = gdp_controls(b.c, wdi);
  REQUIRE(g.lngdp.size() == 1);
  CHECK(g.lngdp[0].value == Approx(std::log(1.3e13)));
  CHECK(g.lnpgp[0].value == Approx(std::log(44000.0)));
  CHECK(g.dests_not_in_file == 0);
}

TEST_CASE("a WDI file without the needed columns or with bad values is refused") {
  testing::ScratchDir dir;
  CHECK_THROWS_AS(load_wdi(dir.write("a.csv", "country,year,gdp\nJapan,2005,4e12\n")), UserError);
  CHECK_THROWS_AS(load_wdi(dir.write("b.csv", "country,year,gdp,gdp_pc\nJapan,2005,lots,32000\n")), UserError);
  CHECK_THROWS_AS(load_wdi(dir.write("c.csv", "country,year,gdp,gdp_pc\nJapan,2005,-4e12,32000\n")), UserError);
  CHECK_THROWS_AS(load_wdi(dir.write("d.csv", "country,year,gdp,gdp_pc\nJapan,2005,4e12,32000\nJapan,2005,5e12,32000\n")),
                  UserError);
  CHECK_THROWS_AS(load_wdi(dir.write("e.csv", "country,year,gdp,gdp_pc\n")), UserError);
}

TEST_CASE("the quality step writes lnsdp always and lngdp and lnpgp when given a WDI file") {
  testing::ScratchDir dir;
  db::Connection c = db::open_store(dir.file("s.db"));
  auto customs = dir.write("customs.csv",
                           "firm_id,year,month,hs8,dest,value_usd,quantity\n"
                           "F1,2005,1,61091000,US,100,10\n"
                           "F2,2005,1,61091000,US,400,20\n"
                           "F3,2005,1,61091000,US,300,10\n"
                           "F1,2005,2,61091000,JP,100,10\n");
  db::import_table(c, db::ImportKind::kCustoms, customs, {});
  QualityRunOptions o;
  o.variants = {"QKL"};
  o.trim = false;
  auto number = [&](const std::string& sql) {
    auto s = c.query_string(sql);
    return s ? std::stod(*s) : std::nan("");
  };

  auto rep = run_quality(c, o);
  CHECK(rep.sdp_cells_with_cv == 1);
  CHECK_FALSE(rep.wdi);
  // F1: US (CV 0.5, weight 100) and JP (one unit value, no CV).
  CHECK(number("SELECT lnsdp FROM firm_year WHERE firm_id = 'F1' AND year = 2005") == Approx(0.5));
  CHECK(number("SELECT lnsdp FROM firm_year WHERE firm_id = 'F2' AND year = 2005") == Approx(0.5));
  CHECK(c.query_int("SELECT count(*) FROM firm_year WHERE lngdp IS NOT NULL OR lnpgp IS NOT NULL") == 0);

  o.wdi_file = dir.write("wdi.csv", "iso3,year,gdp,gdp_pc\nUS,2005,1e13,40000\n");
  rep = run_quality(c, o);
  CHECK(rep.wdi);
  CHECK(rep.wdi_dests_not_in_file == 1);  // JP
  CHECK(rep.wdi_value_share_without_gdp == Approx(100.0 / 900));
  CHECK(number("SELECT lngdp FROM firm_year WHERE firm_id = 'F1' AND year = 2005") == Approx(std::log(1e13)));
  CHECK(number("SELECT lnpgp FROM firm_year WHERE firm_id = 'F3' AND year = 2005") == Approx(std::log(40000.0)));
  CHECK(describe(rep, o.cap).find("lngdp/lnpgp: 1 destinations not in the WDI file (JP)") != std::string::npos);
}
