// The 770,830-row synthetic firm panel of ../shared/bench (generate it with
// `Rscript ../shared/bench/gen_panel.R 770830 /tmp/panel770k.csv 20240601`; md5 0c4acbd3...).
// Expected values: ../shared/bench/panel770k_reference.txt, "ANCHOR: exact solution" (sparse direct
// solve) and the "Singletons" section (iterative removal). Skipped when the CSV is absent.
// Takes ~10 s (load 2.5 s + fit ~5 s with the two-FE sparse direct solver); run alone with
//   build-measure/tests/measure_tests "[panel770k]"
#include <chrono>
#include <cmath>
#include <filesystem>

#include <catch2/catch.hpp>

#include "measure/estimate.h"

using namespace tradedig::measure;

namespace {

const char* kPanel = "/tmp/panel770k.csv";
const char* kModel =
    "QSY ~ lndig + lnsca + lnage + lncap + lnpwa + lnfir + lnpro + foe + lninn + lntfp + lnpgp + lngdp + lnsdp"
    " | firm + prov^ind^year";

// Anchor coefficients and firm-clustered SEs, no singletons removed (fixest default).
const double kCoef[13] = {2.420334894e-03, 5.158668220e-03, -1.612473131e-03, 4.796771319e-03, 6.496943376e-03,
                          -3.044018656e-03, 9.808359562e-03, 8.631150720e-03, 1.818077534e-03, 6.769726747e-03,
                          6.435926503e-03, -1.457074202e-03, 1.524246753e-03};
const double kSe[13] = {4.819140262e-04, 5.664045205e-04, 6.739211856e-04, 4.060575373e-04, 5.238378008e-04,
                        2.615891967e-04, 1.290040580e-03, 7.954073057e-04, 2.047286839e-04, 7.995209154e-04,
                        1.559329823e-03, 1.045595987e-03, 2.896283721e-03};
// SEs with iterative (reghdfe-style) singleton removal.
const double kSeIterative[13] = {4.819185756e-04, 5.664098675e-04, 6.739275476e-04, 4.060613707e-04, 5.238427459e-04,
                                 2.615916661e-04, 1.290052758e-03, 7.954148137e-04, 2.047306167e-04, 7.995284630e-04,
                                 1.559344542e-03, 1.045605854e-03, 2.896311060e-03};

}  // namespace

TEST_CASE("The 770k firm panel matches the exact anchor coefficients and firm-clustered SEs", "[panel770k]") {
  if (!std::filesystem::exists(kPanel)) {
    WARN("skipped: " << kPanel << " not present (see the comment at the top of this file)");
    return;
  }
  auto t0 = std::chrono::steady_clock::now();
  static DataFrame d = load_file(kPanel);
  auto t1 = std::chrono::steady_clock::now();
  FitOptions o;
  o.cluster = {"firm"};
  o.drop_singletons = false;
  FitResult r = feols(parse_formula(kModel), d, o);
  auto t2 = std::chrono::steady_clock::now();
  WARN("load " << std::chrono::duration<double>(t1 - t0).count() << " s, fit "
               << std::chrono::duration<double>(t2 - t1).count() << " s, CG iterations " << r.demean_iterations);
  REQUIRE(r.nobs == 770830);
  REQUIRE(r.names.size() == 13);
  for (int j = 0; j < 13; ++j) {
    CHECK(std::fabs(r.coef[j] / kCoef[j] - 1) < 1e-8);
    // The anchor SEs carry 10 significant digits; fixest at tight tolerance differs from them by 5e-9.
    CHECK(std::fabs(r.se[j] / kSe[j] - 1) < 2e-8);
  }
  CHECK(r.fixed_effects[1].levels == 16968);
  CHECK(r.n_clusters[0] == 152271);
  CHECK(std::fabs(r.within_r2 / 2.853504168e-03 - 1) < 1e-8);
  CHECK(std::fabs(r.adj_r2 / 9.861925235e-01 - 1) < 1e-9);
  CHECK(std::fabs(r.within_adj_r2 / 2.831956034e-03 - 1) < 1e-8);

  o.drop_singletons = true;
  FitResult s = feols(parse_formula(kModel), d, o);
  CHECK(s.n_singletons == 21747);
  CHECK(s.nobs == 749083);
  CHECK(s.n_clusters[0] == 130950);
  for (int j = 0; j < 13; ++j) CHECK(std::fabs(s.se[j] / kSeIterative[j] - 1) < 2e-8);
}
