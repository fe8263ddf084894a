#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <numeric>
#include <tuple>

#include "measure/firm_year_vars.h"
#include "measure/quality.h"
#include "measure/simulate.h"
#include "tests/test_support.h"

using namespace tradedig;
using namespace tradedig::measure;

namespace {

// Pearson correlation of a and b over indices where both are finite.
double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  double n = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!std::isfinite(a[i]) || !std::isfinite(b[i])) continue;
    sa += a[i];
    sb += b[i];
    saa += a[i] * a[i];
    sbb += b[i] * b[i];
    sab += a[i] * b[i];
    ++n;
  }
  double cov = sab / n - (sa / n) * (sb / n);
  return cov / std::sqrt((saa / n - (sa / n) * (sa / n)) * (sbb / n - (sb / n) * (sb / n)));
}

// Demeans v within the panel's (product, dest, year) cells: the part of true log quality KSW can
// identify (κ_cdt absorbs the rest).
std::vector<double> within_cell(const KswPanel& p, const std::vector<double>& v) {
  std::map<std::tuple<int32_t, int32_t, int16_t>, std::pair<double, int>> m;
  for (size_t i = 0; i < p.size(); ++i) {
    auto& e = m[{p.product[i], p.dest[i], p.year[i]}];
    e.first += v[i];
    e.second += 1;
  }
  std::vector<double> out(p.size());
  for (size_t i = 0; i < p.size(); ++i) {
    auto& e = m[{p.product[i], p.dest[i], p.year[i]}];
    out[i] = e.second > 1 ? v[i] - e.first / e.second : std::nan("");
  }
  return out;
}

CleaningOptions no_trim() {
  CleaningOptions o;
  o.trim_low = 0;
  o.trim_high = 1;
  return o;
}

}  // namespace

TEST_CASE("quality on a small hand-computed table") {
  // One product, one destination-year cell of three firms plus a singleton cell; σ = 3.
  // y = ln q + 3 ln p; ε̂ = y − mean(y) in the cell; quality = ε̂ / 2.
  db::CustomsColumns c;
  c.firm_names = {"A", "B", "C"};
  c.dest_names = {"JP", "US"};
  c.product_codes = {"61091000"};
  c.mode_names = {"一般贸易"};
  auto add = [&](int32_t f, int32_t d, double v, double q) {
    c.firm.push_back(f);
    c.dest.push_back(d);
    c.product.push_back(0);
    c.mode.push_back(0);
    c.year.push_back(2005);
    c.month.push_back(1);
    c.value.push_back(v);
    c.quantity.push_back(q);
  };
  add(0, 1, 100, 10);  // p = 10
  add(1, 1, 400, 20);  // p = 20
  add(2, 1, 90, 30);   // p = 3
  add(2, 0, 50, 5);    // the only row in (JP, 2005)
  std::vector<StepReport> rep;
  auto panel = build_ksw_panel(c, no_trim(), rep);
  REQUIRE(panel.size() == 4);
  QualitySpec spec;
  spec.constant = 3;
  auto q = estimate_quality(panel, c.product_codes, spec);
  auto y = [](double v, double qq) { return std::log(qq) + 3 * std::log(v / qq); };
  double mean = (y(100, 10) + y(400, 20) + y(90, 30)) / 3;
  // Panel order is (firm, dest, ...): A-US, B-US, C-JP, C-US.
  CHECK(q.quality[0] == Approx((y(100, 10) - mean) / 2));
  CHECK(q.quality[1] == Approx((y(400, 20) - mean) / 2));
  CHECK(q.quality[3] == Approx((y(90, 30) - mean) / 2));
  CHECK(q.singleton[2] == 1);
  CHECK(q.residual[2] == 0.0);
  CHECK(std::isnan(q.quality[2]));
  // Min-max within product: B is the best (1), C the worst (0).
  CHECK(q.quality_norm[1] == Approx(1.0));
  CHECK(q.quality_norm[3] == Approx(0.0));
  double a_norm = (q.quality[0] - q.quality[3]) / (q.quality[1] - q.quality[3]);
  CHECK(q.quality_norm[0] == Approx(a_norm));
  // Firm C's year: only its US row has a quality, so its weight is all that counts.
  auto fy = aggregate_firm_year(panel, q);
  REQUIRE(fy.size() == 3);
  CHECK(fy[2].firm == 2);
  CHECK(fy[2].value == Approx(0.0));
  CHECK(fy[0].value == Approx(a_norm));
}

TEST_CASE("firm-year quality weights products by export value") {
  db::CustomsColumns c;
  c.firm_names = {"A", "B"};
  c.dest_names = {"US"};
  c.product_codes = {"61091000", "85044099"};
  c.mode_names = {"一般贸易"};
  auto add = [&](int32_t f, int32_t k, double v, double q) {
    c.firm.push_back(f);
    c.dest.push_back(0);
    c.product.push_back(k);
    c.mode.push_back(0);
    c.year.push_back(2010);
    c.month.push_back(0);
    c.value.push_back(v);
    c.quantity.push_back(q);
  };
  add(0, 0, 300, 10);  // A best in product 0 (norm 1), value 300
  add(1, 0, 10, 10);
  add(0, 1, 100, 100);  // A worst in product 1 (norm 0), value 100
  add(1, 1, 1000, 10);
  std::vector<StepReport> rep;
  auto panel = build_ksw_panel(c, no_trim(), rep);
  auto q = estimate_quality(panel, c.product_codes, QualitySpec{});
  auto fy = aggregate_firm_year(panel, q);
  REQUIRE(fy.size() == 2);
  CHECK(fy[0].value == Approx(300.0 / 400.0));
}

TEST_CASE("cleaning reports rows in and out at every step") {
  db::CustomsColumns c;
  c.firm_names = {"A"};
  c.dest_names = {"US"};
  c.product_codes = {"61091000"};
  c.mode_names = {""};
  for (int i = 0; i < 5; ++i) {
    c.firm.push_back(0);
    c.dest.push_back(0);
    c.product.push_back(0);
    c.mode.push_back(0);
    c.year.push_back(static_cast<int16_t>(2000 + (i % 2)));
    c.month.push_back(0);
    c.value.push_back(i == 4 ? 0.0 : 10.0 * (i + 1));
    c.quantity.push_back(i == 3 ? std::nan("") : 1.0);
  }
  std::vector<StepReport> rep;
  auto panel = build_ksw_panel(c, no_trim(), rep);
  REQUIRE(rep.size() >= 3);
  CHECK(rep[0].rows_in == 5);
  CHECK(rep[0].rows_out == 3);  // zero value and missing quantity dropped
  CHECK(rep[1].rows_in == 3);
  CHECK(rep[1].rows_out == 2);  // three shipments in two firm-years
  CHECK(panel.size() == 2);
  CHECK(panel.value[0] == Approx(40.0));  // year 2000: shipments 1 and 3
}

TEST_CASE("imposed-sigma quality recovers true within-cell log quality on simulated data") {
  SimulationOptions so;
  so.firms = 1500;
  so.sigma = 4;
  auto sim = simulate(so);
  std::vector<StepReport> rep;
  auto panel = build_ksw_panel(sim.customs, no_trim(), rep);
  REQUIRE(panel.size() == sim.truth_panel.size());
  REQUIRE(panel.firm == sim.truth_panel.firm);
  QualitySpec spec;
  spec.constant = 4;
  auto q = estimate_quality(panel, sim.customs.product_codes, spec);
  double r = correlation(q.quality, within_cell(panel, sim.true_log_quality));
  INFO("correlation of QKL quality with true within-cell log quality: " << r);
  CHECK(r >= 0.99);
}

TEST_CASE("quality with Broda-Weinstein sigma uses the HS3 table and falls back to the constant") {
  auto bw = load_bw_hs3(std::string(TRADEDIG_SAMPLE_DIR) + "/../measure/data/elasticities/BW2006_sigma_hs0_3digit_73countries.csv");
  CHECK(bw.sigma.size() == 170);
  CHECK(bw.lookup("61091000").has_value());
  SimulationOptions so;
  so.firms = 300;
  auto sim = simulate(so);
  std::vector<StepReport> rep;
  auto panel = build_ksw_panel(sim.customs, no_trim(), rep);
  QualitySpec spec;
  spec.name = "QBW";
  spec.method = SigmaMethod::kTable;
  spec.table = &bw;
  auto q = estimate_quality(panel, sim.customs.product_codes, spec);
  for (const auto& ps : q.products) {
    auto s = bw.lookup(sim.customs.product_codes[static_cast<size_t>(ps.product)]);
    if (s) CHECK(ps.sigma == Approx(std::min(*s, spec.cap)));
    else CHECK(std::string(ps.source) == "fallback:constant");
  }
}

TEST_CASE("IV variants recover sigma within 10 percent on products with enough rows") {
  SimulationOptions so;
  so.firms = 4000;
  so.products = 12;
  so.sigma = 0;  // σ_c drawn per product from [2.5, 8]
  auto sim = simulate(so);
  std::vector<StepReport> rep;
  auto panel = build_ksw_panel(sim.customs, no_trim(), rep);
  for (auto method : {SigmaMethod::kIvLaggedPrice, SigmaMethod::kIvOtherDestinations}) {
    QualitySpec spec;
    spec.method = method;
    spec.iv_min_rows = 500;
    auto q = estimate_quality(panel, sim.customs.product_codes, spec);
    int checked = 0;
    for (const auto& ps : q.products) {
      if (std::string(ps.source) != "iv") continue;
      double truth = sim.product_sigma[static_cast<size_t>(ps.product)];
      INFO("product " << ps.product << ": true sigma " << truth << ", IV " << ps.sigma << " on " << ps.iv_rows
                      << " rows, first-stage F " << ps.first_stage_f);
      CHECK(std::fabs(ps.sigma - truth) / truth < 0.10);
      ++checked;
    }
    CHECK(checked >= 10);
  }
}

TEST_CASE("a weak or implausible IV estimate falls back to the table, then the constant") {
  SimulationOptions so;
  so.firms = 100;
  so.products = 5;
  auto sim = simulate(so);
  std::vector<StepReport> rep;
  auto panel = build_ksw_panel(sim.customs, no_trim(), rep);
  QualitySpec spec;
  spec.method = SigmaMethod::kIvLaggedPrice;
  spec.iv_min_rows = 1000000;  // no product has that many rows
  auto q = estimate_quality(panel, sim.customs.product_codes, spec);
  for (const auto& ps : q.products) CHECK(std::string(ps.source) == "fallback:constant");
  CHECK(q.products_fallback == static_cast<int64_t>(q.products.size()));
}

TEST_CASE("flex and lncnpd follow their definitions on a hand-made firm") {
  db::CustomsColumns c;
  c.firm_names = {"A"};
  c.dest_names = {"JP", "US"};
  c.product_codes = {"61091000", "85044099"};
  c.mode_names = {""};
  auto add = [&](int16_t year, int32_t d, int32_t k, double v) {
    c.firm.push_back(0);
    c.dest.push_back(d);
    c.product.push_back(k);
    c.mode.push_back(0);
    c.year.push_back(year);
    c.month.push_back(0);
    c.value.push_back(v);
    c.quantity.push_back(1);
  };
  add(2000, 1, 0, 10);  // base year: US-61091000 is the starting stock
  add(2001, 1, 0, 10);  // not new
  add(2001, 0, 0, 20);  // new: JP-61091000
  add(2001, 0, 1, 30);  // new: JP-85044099
  add(2002, 0, 1, 5);   // not new
  auto v = customs_firm_year_vars(c, 2000);
  REQUIRE(v.lncnpd.size() == 3);
  CHECK(v.lncnpd[0].value == Approx(std::log(1.0)));
  CHECK(v.lncnpd[1].value == Approx(std::log(3.0)));
  CHECK(v.lncnpd[2].value == Approx(std::log(3.0)));
  // 2001: values 10, 20, 30: mean 20, sample sd 10, CV 0.5, × ln 3.
  CHECK(v.flex[1].value == Approx(0.5 * std::log(3.0)));
  CHECK(v.flex[2].value == 0.0);
  CHECK(v.export_value[1].value == 60.0);
  CHECK(v.n_products[1].value == 2.0);
  CHECK(v.n_destinations[1].value == 2.0);
}
