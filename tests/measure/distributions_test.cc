// Tail probabilities and quantiles used by every test statistic. Expected values from R 4.2.2:
// pchisq(x, df, lower.tail = FALSE), qnorm(p), pnorm(z) printed with options(digits = 15).
#include <cmath>

#include <catch2/catch.hpp>

#include "measure/estimate.h"

using namespace tradedig::measure;

TEST_CASE("chi-squared upper tails match R's pchisq in both branches of the incomplete gamma", "[distributions]") {
  CHECK(chi2_upper_p(30.11247, 25) == Approx(2.20105335203469e-01).epsilon(1e-12));  // pgmm Sargan
  CHECK(chi2_upper_p(1, 10) == Approx(9.99827884370044e-01).epsilon(1e-12));         // series branch
  CHECK(chi2_upper_p(50, 10) == Approx(2.66908342490450e-07).epsilon(1e-10));        // fraction branch
  CHECK(chi2_upper_p(0.5, 1) == Approx(4.79500122186953e-01).epsilon(1e-12));
  CHECK(chi2_upper_p(2.3303669, 2) == Approx(0.3118654).epsilon(1e-6));  // plm phtest transcript
  CHECK(chi2_upper_p(0, 3) == 1.0);
}

TEST_CASE("the normal quantile inverts the normal distribution to full precision", "[distributions]") {
  CHECK(normal_quantile(0.975) == Approx(1.95996398454005).epsilon(1e-13));
  CHECK(normal_quantile(1e-10) == Approx(-6.36134090240406).epsilon(1e-12));
  CHECK(normal_cdf(-3) == Approx(1.34989803163009e-03).epsilon(1e-12));
  CHECK(normal_pdf(0) == Approx(0.398942280401433).epsilon(1e-14));
  CHECK(std::isnan(normal_quantile(0)));
}
