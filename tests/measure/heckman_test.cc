// Heckman two-step on Mroz (AER PSID1976) against REFERENCES.md §2.5 and R 4.2.2. The corrected
// VCOV was computed in R from the fully converged glm probit (glm.control(epsilon = 1e-15); EIM)
// and from the observed information (OIM, Stata). REFERENCES.md's λ SE 0.133626 comes from glm's
// default stopping rule, which leaves the probit ~1e-5 short of the maximum; at the maximum the
// same formula gives 0.1336251 (EIM) and 0.1336246 (OIM):
//   zg <- X_sel %*% coef(probit); lam <- dnorm(zg)/pnorm(zg); X <- cbind(1, educ, exper, exper^2, lam)[sel, ]
//   b <- solve(crossprod(X), crossprod(X, y)); delta <- (lam * (lam + zg))[sel]
//   s2 <- sum(e^2)/n1 + b[5]^2 * mean(delta); rho <- b[5]/sqrt(s2)
//   Q <- rho^2 * t(X) %*% (delta * Zs) %*% Vg %*% t(Zs) %*% (delta * X)
//   V <- s2 * solve(crossprod(X)) %*% (t(X) %*% ((1 - rho^2 * delta) * X) + Q) %*% solve(crossprod(X))
#include <catch2/catch.hpp>

#include "measure/heckman.h"
#include "tests/test_support.h"
#include "util/error.h"

using namespace tradedig::measure;
using tradedig::testing::shared_path;

namespace {

const char* kSelection =
    "participation ~ I((fincome - hours * wage) / 1000) + education + experience + I(experience^2) + age + youngkids "
    "+ oldkids";
const char* kOutcome = "log(wage) ~ education + experience + I(experience^2)";

const DataFrame& mroz() {
  static DataFrame d = load_file(shared_path("data/reference/AER_PSID1976.csv"));
  return d;
}

void check_all(const Eigen::VectorXd& got, const std::vector<double>& want, double rel) {
  REQUIRE(got.size() == static_cast<Eigen::Index>(want.size()));
  for (size_t j = 0; j < want.size(); ++j) CHECK(got[static_cast<Eigen::Index>(j)] == Approx(want[j]).epsilon(rel));
}

}  // namespace

TEST_CASE("Heckman two-step on Mroz reproduces the corrected lambda SE of the converged probit", "[heckman]") {
  BinaryOptions eim;
  eim.expected_information = true;
  HeckmanResult h = heckman_two_step(parse_formula(kOutcome), parse_formula(kSelection), mroz(), eim);
  CHECK(h.n_selected == 428);
  CHECK(h.n_total == 753);
  REQUIRE(h.outcome.names.back() == "lambda");
  check_all(h.outcome.coef, {-0.578103190123309, 0.109065520261087, 0.043887339587795, -0.000859114224570,
                             0.032261865415875}, 1e-8);
  check_all(h.outcome.se, {0.305006525230779, 0.015523001701129, 0.016261112249991, 0.000438916821717,
                           0.133625064001707}, 1e-8);
  CHECK(h.sigma == Approx(0.663628748426306).epsilon(1e-10));
  CHECK(h.rho == Approx(0.048614327652892).epsilon(1e-8));
}

TEST_CASE("Heckman two-step uses the probit's observed information by default, as Stata does", "[heckman]") {
  HeckmanResult h = heckman_two_step(parse_formula(kOutcome), parse_formula(kSelection), mroz());
  check_all(h.outcome.se, {0.305006199917394, 0.015522954573904, 0.016261056930637, 0.000438916125492,
                           0.133624641373087}, 1e-8);
}

TEST_CASE("the IMR form gives OLS with lambda and its naive SEs (Wooldridge Example 17.5)", "[heckman]") {
  // REFERENCES.md §2.5 prints the naive OLS SEs (0.306723, 0.015610, 0.016353, 0.000441, 0.134388);
  // full digits: sqrt(diag(vcov(lm(y ~ X - 1)))) with X built from the converged probit.
  HeckmanResult h = heckman_imr(parse_formula(kOutcome), parse_formula(kSelection), mroz());
  CHECK(h.outcome.estimator == "OLS with IMR");
  const std::vector<double> se = {0.306723040268683, 0.015609601272142, 0.016353366151158, 0.000441396236843,
                                  0.134387659594752};
  for (size_t j = 0; j < se.size(); ++j) CHECK(h.outcome.se[static_cast<Eigen::Index>(j)] == Approx(se[j]).epsilon(1e-8));
  CHECK(h.outcome.coef[4] == Approx(0.032261865415875).epsilon(1e-8));
}

TEST_CASE("fixed effects in the two-step outcome equation point to the IMR form", "[heckman]") {
  CHECK_THROWS_WITH(heckman_two_step(parse_formula("log(wage) ~ education | city"), parse_formula(kSelection), mroz()),
                    Catch::Contains("IMR form"));
}
