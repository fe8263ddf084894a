// Table 3 of paper 003: robustness of the baseline (METHODS.md §4) — the years-of-use measure lndigs,
// the other quality variants, sub-periods, and the PSM-DID event study of first digitization.
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "measure/event_study.h"
#include "measure/row_subset.h"
#include "report/paper_tables_internal.h"
#include "util/error.h"

namespace tradedig::report::paper {
namespace {

// Rows of firms with a pre-period: firms first digitized after their first year in the data, and
// firms never digitized. Firms digitized from their first observed year have no pre-period to
// compare and are left out (counted in *left_out).
std::vector<int64_t> event_study_rows(const PanelContext& ctx, int64_t* left_out) {
  const auto& o = *ctx.opt;
  const measure::DataFrame& d = ctx.data;
  int32_t n = 0;
  const auto firm = measure::factor_codes(*d.find(o.firm), &n);
  const auto& year = d.find(o.year)->values;
  const auto& event = d.find(kEventYear)->values;
  std::unordered_map<int32_t, double> first_year;
  for (size_t i = 0; i < year.size(); ++i) {
    if (firm[i] < 0 || std::isnan(year[i]) || std::isnan(event[i])) continue;
    auto [it, fresh] = first_year.emplace(firm[i], year[i]);
    if (!fresh && year[i] < it->second) it->second = year[i];
  }
  std::vector<int64_t> rows;
  std::unordered_map<int32_t, bool> dropped;
  for (size_t i = 0; i < year.size(); ++i) {
    if (firm[i] < 0 || std::isnan(event[i])) continue;
    if (event[i] > 0 && event[i] <= first_year.at(firm[i])) {
      dropped[firm[i]] = true;
      continue;
    }
    rows.push_back(static_cast<int64_t>(i));
  }
  *left_out = static_cast<int64_t>(dropped.size());
  return rows;
}

void add_event_study(PanelContext& ctx, TableAssembly& t) {
  const auto& o = *ctx.opt;
  const std::string title = "PSM-DID event study";
  if (!ctx.data.find(kEventYear) || !ctx.data.find(o.year)->numeric) {
    t.skip(title, fmt::format("{} not in the data.", o.treatment));
    return;
  }
  estimate_or_skip(t, title, [&] {
    int64_t left_out = 0;
    measure::DataFrame sample = measure::select_rows(ctx.data, event_study_rows(ctx, &left_out));
    const auto covariates = ctx.present(o.basic_controls);
    measure::EventStudyOptions eo;
    eo.unit = o.firm;
    eo.time = o.year;
    eo.event_time = kEventYear;
    eo.leads = o.event_leads;
    eo.lags = o.event_lags;
    eo.cluster = ctx.fit_options().cluster;
    std::string matched;
    measure::EventStudyResult r;
    const std::string formula = formula_text(o.depvar, covariates, "");
    if (!covariates.empty()) {
      measure::PsmPanelOptions po;
      po.unit = o.firm;
      po.time = o.year;
      po.event_time = kEventYear;
      measure::PsmPanel p = measure::psm_matched_panel(join(covariates, " + "), sample, po);
      matched = fmt::format(
          "{} firms first digitized in year E matched by a logit propensity score on {} in their "
          "first year (nearest neighbour, with replacement) to {} never-digitized firms",
          p.units_treated, join(covariates, " + "), p.units_control);
      r = measure::event_study(formula, p.panel, eo);
    } else {
      matched = "no basic controls in the data, so the event study runs on every firm without matching";
      r = measure::event_study(formula, sample, eo);
    }
    nlohmann::json res = measure::to_json(r.fit);
    res["path"] = measure::event_path_json(r);
    t.add(title, r.fit, {}, false, res,
          {{"table", "Table 3 (event study)"},
           {"formula", formula},
           {"unit", o.firm},
           {"time", o.year},
           {"event_time", kEventYear},
           {"leads", o.event_leads},
           {"lags", o.event_lags},
           {"match", join(covariates, " + ")}},
          /*in_table=*/false, "estimate event-study");
    const int digits = o.digits;
    t.custom_panel(fmt::format("PSM-DID event study of {}: effect k years after the first year with {} > 0 "
                               "(reference k = -1; firm and year FE)",
                               o.depvar, o.treatment),
                   [r, digits](measure::TableFormat f) { return measure::render_event_path(r, f, digits); });
    t.note(
        fmt::format("Event study: {}; {} firms digitized from their first year in the data have no pre-period and "
                    "are left out; rows outside k = -{}..{} of treated firms are dropped.",
                    matched, left_out, o.event_leads, o.event_lags));
  });
}

}  // namespace

PaperTable table3_robustness(PanelContext& ctx) {
  const auto& o = *ctx.opt;
  TableAssembly t(ctx, 3, "Robustness: another digitization measure, other quality measures, sub-periods, event study");
  const auto controls = ctx.controls;
  auto with_controls = [&](const std::string& x) {
    std::vector<std::string> terms = {x};
    terms.insert(terms.end(), controls.begin(), controls.end());
    return terms;
  };
  auto column = [&](const std::string& title, const std::string& y, const std::string& x, const measure::DataFrame& d,
                    nlohmann::json spec) {
    if (!ctx.has(y) || !ctx.has(x)) {
      t.skip(title, fmt::format("{} not in the data.", missing_list(ctx, {y, x})));
      return;
    }
    estimate_or_skip(t, title, [&] {
      auto fit =
          measure::feols(measure::parse_formula(formula_text(y, with_controls(x), ctx.fe)), d, ctx.fit_options());
      t.add(title, fit, {x}, !controls.empty(), nullptr, spec);
    });
  };
  t.panel("Alternative measures and sub-periods (full specification of Table 2)");
  column(o.treatment_years, o.depvar, o.treatment_years, ctx.data, nlohmann::json::object());
  for (const auto& v : o.quality_variants)
    if (v != o.depvar) column(v, v, o.treatment, ctx.data, nlohmann::json::object());
  for (const auto& [lo, hi] : o.sub_periods) {
    const std::string title = fmt::format("{}-{}", lo, hi);
    estimate_or_skip(t, title, [&] {
      const auto rows = rows_where(ctx.data, o.year, lo, hi);
      if (rows.empty()) throw UserError(fmt::format("no firm-years between {} and {}.", lo, hi));
      column(title, o.depvar, o.treatment, measure::select_rows(ctx.data, rows),
             {{"sample", fmt::format("{} in {}-{}", o.year, lo, hi)}});
    });
  }
  if (o.event_study) add_event_study(ctx, t);
  t.label(o.treatment_years, fmt::format("{} (years of use)", o.treatment_years));
  return t.finish();
}

}  // namespace tradedig::report::paper
