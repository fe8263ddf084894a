// The fixest formula parser: terms, interactions, i(), functions, fixed effects, IV part, errors.
#include <catch2/catch.hpp>

#include "measure/estimate.h"
#include "util/error.h"

using namespace tradedig::measure;

TEST_CASE("A formula with functions, interactions, i() and combined fixed effects parses into terms") {
  Formula f = parse_formula("QSY ~ lndig + x1:x2 + i(year, ref = 2005) + log(x) + I(x^2) | firm + prov^ind^year");
  REQUIRE(f.terms.size() == 5);
  CHECK(f.lhs_label == "QSY");
  CHECK(f.terms[1].label == "x1:x2");
  CHECK(f.terms[1].parts.size() == 2);
  CHECK(f.terms[2].parts[0].is_factor);
  CHECK(f.terms[2].parts[0].factor_var == "year");
  CHECK(f.terms[2].parts[0].factor_ref == "2005");
  CHECK(f.terms[3].label == "log(x)");
  CHECK(f.terms[4].label == "I(x^2)");
  REQUIRE(f.fixed_effects.size() == 2);
  CHECK(f.fixed_effects[1] == std::vector<std::string>{"prov", "ind", "year"});
  CHECK_FALSE(f.has_iv);
}

TEST_CASE("a*b expands to a + b + a:b and '+ 0' removes the intercept") {
  Formula f = parse_formula("y ~ a*b + 0");
  REQUIRE(f.terms.size() == 3);
  CHECK(f.terms[0].label == "a");
  CHECK(f.terms[1].label == "b");
  CHECK(f.terms[2].label == "a:b");
  CHECK_FALSE(f.intercept);
}

TEST_CASE("Arithmetic inside I() respects precedence") {
  DataFrame d;
  d.add_numeric_column("a", {1, 2});
  d.add_numeric_column("b", {3, 4});
  Formula f = parse_formula("I(a + b * 2 - a / 2 ^ 2) ~ a");
  auto v = evaluate(*f.lhs, d);
  CHECK(v[0] == Approx(1 + 6 - 0.25));
  CHECK(v[1] == Approx(2 + 8 - 0.5));
}

TEST_CASE("An IV part is parsed into endogenous regressors and instruments, and feols() points to feiv()") {
  Formula f = parse_formula("y ~ x | fe | d1 + log(d2) ~ z1 + i(g) + a:b");
  CHECK(f.has_iv);
  CHECK(f.fixed_effects.size() == 1);
  REQUIRE(f.terms.size() == 1);
  REQUIRE(f.endogenous.size() == 2);
  CHECK(f.endogenous[1].label == "log(d2)");
  REQUIRE(f.instruments.size() == 3);
  CHECK(f.instruments[1].parts[0].is_factor);
  CHECK(f.instruments[2].label == "a:b");
  CHECK(formula_variables(f) == std::vector<std::string>{"y", "x", "d1", "d2", "z1", "g", "a", "b", "fe"});
  DataFrame data;
  for (const char* c : {"y", "x", "fe", "d1", "d2", "z1", "g", "a", "b"}) data.add_numeric_column(c, {1, 2, 3});
  CHECK_THROWS_WITH(feols(f, data), Catch::Contains("feiv()"));
}

TEST_CASE("The IV part may follow the regressors directly and must come last") {
  Formula f = parse_formula("y ~ x | d ~ z");
  CHECK(f.has_iv);
  CHECK(f.fixed_effects.empty());
  CHECK(f.endogenous.size() == 1);
  CHECK(f.instruments.size() == 1);
  CHECK_THROWS_WITH(parse_formula("y ~ x | d ~ z | fe"), Catch::Contains("must come last"));
  CHECK_THROWS_WITH(parse_formula("y ~ x | d ~ z + 0"), Catch::Contains("cannot remove the intercept"));
  CHECK_THROWS_AS(parse_formula("y ~ x | d ~"), tradedig::UserError);
}

TEST_CASE("Syntax errors and unknown variables are UserErrors that name the problem") {
  CHECK_THROWS_AS(parse_formula("y x1"), tradedig::UserError);
  CHECK_THROWS_WITH(parse_formula("y ~ x^2"), Catch::Contains("I(x^2)"));
  CHECK_THROWS_WITH(parse_formula("y ~ foo(x)"), Catch::Contains("unknown function foo()"));
  DataFrame d;
  d.add_numeric_column("y", {1, 2, 3});
  d.add_numeric_column("x", {1, 0, 3});
  CHECK_THROWS_WITH(feols(parse_formula("y ~ x + lnsca"), d), Catch::Contains("lnsca is not in the data"));
  CHECK_THROWS_WITH(feols(parse_formula("y ~ x | firm"), d), Catch::Contains("firm is not in the data"));
}

TEST_CASE("formula_variables lists each variable once") {
  auto v = formula_variables(parse_formula("y ~ log(x) + x:z + i(t) | f^g"));
  CHECK(v == std::vector<std::string>{"y", "x", "z", "t", "f", "g"});
}
