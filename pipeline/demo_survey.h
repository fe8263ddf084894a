// A SYNTHETIC industrial survey (ASIE-style, 工企库) for the demo world's firms: one row per firm and
// year of the world's customs panel (options.first_year..last_year), with the columns
// measure::survey_field_specs() recognises by default, so that
//   tradedig controls survey.csv --year-col year
// derives lnage, lnsca, lncap, lnpwa, lnfir, lnpro, foe, lninn and the heterogeneity splits (size
// class, capital intensity, start-up) for every firm-year.
//
// What is simulated (from the world's seed and the firm_id only, so --firms-limit keeps every other
// firm's rows unchanged; money in thousand yuan, ASIE's unit, which is `tradedig controls`' default):
//   employees       log-normal firm level (median ≈ 250) with a firm growth trend and yearly noise
//   fixed_assets    employees × a log-normal firm capital intensity (median ≈ 150 per worker)
//   wages_payable   employees × ≈ 20 per worker; total_assets ≈ 2.2 × fixed assets
//   interest_expense ≈ 1% of total assets (zero for a fifth of the firms)
//   industrial_sales employees × ≈ 400 per worker; revenue ≈ sales; total_profit a margin around 5% (losses occur)
//   paid_in_capital ≈ 30% of total assets; foreign_capital: a quarter of the firms hold a large foreign
//                   stake (20–100% of paid-in capital, drifting a few points a year, so firms near 25%
//                   switch foe), some a small one (< 25%), the rest none
//   interest_expense, wages, sales, profit and the assets move from year to year around the firm's level
//   patents         zero for most firm-years, a few for innovating firms
//   founded         the world's founding year when it is not after the first survey year; otherwise
//                   (a listed firm founded later) the survey records an earlier founding year drawn in
//                   [first_year − 17, first_year], as the predecessor enterprise the survey followed, so
//                   every firm-year has an age
// None of these depends on digitization or quality: the world plants quality as a function of the
// true lndig only (measure/simulate.h), so adding the controls leaves the lndig coefficient where
// the world put it.
//
// Example:
//   write_demo_survey(world, "/tmp/world/survey/survey.csv");
//   tradedig --db s.db controls /tmp/world/survey/survey.csv --year-col year
#pragma once
#include <string>

#include "pipeline/demo_world.h"

namespace tradedig::pipeline {

// Writes the survey CSV (header: firm_id, year, founded, employees, fixed_assets, wages_payable,
// interest_expense, total_assets, total_profit, industrial_sales, revenue, foreign_capital,
// paid_in_capital, patents, synthetic). Creates the parent folder. Deterministic for the world's
// seed. Throws UserError when the file cannot be written.
void write_demo_survey(const DemoWorld& world, const std::string& path);

}  // namespace tradedig::pipeline
