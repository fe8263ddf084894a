#include "measure/controls_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "db/customs_store.h"
#include "db/runs.h"
#include "util/error.h"

namespace tradedig::measure {
namespace {

// Per-row survey values as firm_year writes, with firm codes into the sorted survey firm ids.
std::vector<db::FirmYearValue> firm_year_values(const std::vector<int32_t>& firm, const FirmSurvey& s,
                                                const std::vector<double>& v) {
  std::vector<db::FirmYearValue> out(s.size());
  for (size_t i = 0; i < s.size(); ++i) out[i] = {firm[i], s.year[i], v[i]};
  return out;
}

}  // namespace

ControlsRunReport run_controls(db::Connection& c, const std::string& path, const ControlsRunOptions& o) {
  to_10k_yuan_factor(o.groups.money_unit);  // a bad unit fails before the file is read
  auto survey = load_firm_survey(path, o.mapping, o.read);
  ControlsRunReport rep;
  rep.path = path;
  rep.rows = survey.size();
  rep.mapping_used = survey.mapping_used;
  rep.bad_cells = survey.bad_cells;
  rep.first_bad_cell = survey.first_bad_cell;
  rep.money_unit = o.groups.money_unit;
  rep.capital_terciles_by_year = o.groups.capital_terciles_by_year;
  rep.ordinary_threshold = o.ordinary_threshold;
  const auto specs = survey_field_specs();
  for (size_t f = 0; f < kSurveyFieldCount; ++f)
    if (survey.column[f].empty()) rep.fields_absent.push_back(specs[f + 2].target);

  std::string mapping;
  for (const auto& [t, col] : rep.mapping_used) mapping += fmt::format("{}{}={}", mapping.empty() ? "" : ",", t, col);
  rep.run_id = db::begin_run(
      c, "controls",
      fmt::format("file={} map={} money_unit={} capital_terciles={} foe_include_hmt={} "
                  "ordinary_threshold={}",
                  path, mapping, o.groups.money_unit, o.groups.capital_terciles_by_year ? "by-year" : "pooled",
                  o.controls.foe_include_hmt, o.ordinary_threshold));
  try {
    // The survey's firm ids as a dictionary, so firm_year is written as for customs measures.
    db::CustomsColumns ids;
    {
      std::set<std::string> unique(survey.firm_id.begin(), survey.firm_id.end());
      ids.firm_names.assign(unique.begin(), unique.end());
    }
    rep.firms = ids.firm_names.size();
    std::vector<int32_t> firm(survey.size());
    for (size_t i = 0; i < survey.size(); ++i)
      firm[i] = static_cast<int32_t>(std::lower_bound(ids.firm_names.begin(), ids.firm_names.end(), survey.firm_id[i]) -
                                     ids.firm_names.begin());

    auto controls = compute_firm_controls(survey, o.controls);
    auto groups = heterogeneity_groups(survey, o.groups);
    rep.controls = controls.report;
    rep.foe_share_above_one = controls.foe_share_above_one;
    std::copy(std::begin(groups.size_counts), std::end(groups.size_counts), std::begin(rep.size_counts));
    rep.cap_rows = groups.cap_rows;
    rep.cap_intensive_rows = groups.cap_intensive_rows;
    rep.age_rows = groups.age_rows;
    rep.startup_rows = groups.startup_rows;
    const std::pair<const char*, const std::vector<double>*> columns[] = {{"lnage", &controls.lnage},
                                                                          {"lnsca", &controls.lnsca},
                                                                          {"lncap", &controls.lncap},
                                                                          {"lnpwa", &controls.lnpwa},
                                                                          {"lnfir", &controls.lnfir},
                                                                          {"lnpro", &controls.lnpro},
                                                                          {"foe", &controls.foe},
                                                                          {"lninn", &controls.lninn},
                                                                          {"size_class", &groups.size_class},
                                                                          {"small_micro", &groups.small_micro},
                                                                          {"cap_intensive", &groups.cap_intensive},
                                                                          {"startup", &groups.startup}};
    for (const auto& [column, values] : columns)
      db::write_firm_year_column(c, column, ids, firm_year_values(firm, survey, *values), rep.run_id);

    auto customs = db::load_customs(c);
    if (customs.size() > 0) {
      auto split = ordinary_trade_split(customs, o.ordinary_threshold);
      db::write_firm_year_column(c, "ordinary_share", customs, split.ordinary_share, rep.run_id);
      db::write_firm_year_column(c, "ordinary_trade", customs, split.ordinary_trade, rep.run_id);
      rep.trade_mode = true;
      rep.trade_firm_years = split.ordinary_trade.size();
      for (const auto& v : split.ordinary_trade) rep.trade_firm_years_ordinary += v.value == 1;
      rep.trade_firm_years_without = split.firm_years_without;
      rep.trade_rows_without_mode = split.rows_without_mode;
      rep.ordinary_modes = split.ordinary_modes;
      rep.other_modes = split.other_modes;
      std::set<std::pair<std::string_view, int16_t>> exporting;
      for (const auto& v : split.ordinary_share)
        exporting.emplace(customs.firm_names[static_cast<size_t>(v.firm)], v.year);
      for (size_t i = 0; i < survey.size(); ++i)
        rep.survey_firm_years_in_customs += exporting.count({survey.firm_id[i], survey.year[i]});
    }

    nlohmann::json j;
    j["file"] = path;
    j["rows"] = rep.rows;
    for (const auto& r : rep.controls)
      j["controls"][r.name] = {
          {"computed", r.computed}, {"missing_input", r.missing_input}, {"out_of_range", r.out_of_range}};
    j["size_class"] = {{"micro", rep.size_counts[1]},
                       {"small", rep.size_counts[2]},
                       {"medium", rep.size_counts[3]},
                       {"large", rep.size_counts[4]},
                       {"missing", rep.size_counts[0]}};
    j["cap_intensive"] = {{"rows", rep.cap_rows}, {"top_third", rep.cap_intensive_rows}};
    j["startup"] = {{"rows", rep.age_rows}, {"startup", rep.startup_rows}};
    if (rep.trade_mode)
      j["ordinary_trade"] = {{"firm_years", rep.trade_firm_years},
                             {"ordinary", rep.trade_firm_years_ordinary},
                             {"without_mode", rep.trade_firm_years_without},
                             {"survey_firm_years_in_customs", rep.survey_firm_years_in_customs}};
    db::finish_run(c, rep.run_id, true, j.dump());
  } catch (...) {
    db::finish_run(c, rep.run_id, false, "{}");
    throw;
  }
  return rep;
}

std::string describe(const ControlsRunReport& r) {
  std::string used;
  for (const auto& [t, col] : r.mapping_used) used += fmt::format("{}{}←{}", used.empty() ? "" : ", ", t, col);
  std::string msg = fmt::format("{}: {} firm-years of {} firms\n  columns used: {}", r.path, r.rows, r.firms, used);
  if (!r.fields_absent.empty()) {
    std::string absent;
    for (const auto& f : r.fields_absent) absent += (absent.empty() ? "" : ", ") + f;
    msg += fmt::format("\n  no column for: {} (their variables stay missing; name a column with --map FIELD=COLUMN)",
                       absent);
  }
  int64_t bad = 0;
  for (auto b : r.bad_cells) bad += b;
  if (bad)
    msg += fmt::format("\n  {} cells were not numbers and count as missing; the first: {}", bad, r.first_bad_cell);
  msg += fmt::format("\n{:<8} {:>10} {:>14} {:>13}  {}", "variable", "computed", "missing input", "out of range",
                     "missing when");
  for (const auto& c : r.controls)
    msg += fmt::format("\n{:<8} {:>10} {:>14} {:>13}  {}", c.name, c.computed, c.missing_input, c.out_of_range, c.rule);
  if (r.foe_share_above_one)
    msg += fmt::format("\n  foe: {} firm-years have foreign capital above paid-in capital (foe = 1)",
                       r.foe_share_above_one);
  msg += fmt::format(
      "\nsize_class (NBS 2017, industry; revenue in {} converted to 10k yuan): {} micro, {} small, {} medium, "
      "{} large, {} missing",
      r.money_unit, r.size_counts[1], r.size_counts[2], r.size_counts[3], r.size_counts[4], r.size_counts[0]);
  msg += fmt::format("\ncap_intensive (top third of fixed assets per employee, {}): {} of {} firm-years",
                     r.capital_terciles_by_year ? "within each year" : "pooled", r.cap_intensive_rows, r.cap_rows);
  msg += fmt::format("\nstartup (age 1-2 vs 3+): {} of {} firm-years", r.startup_rows, r.age_rows);
  if (r.trade_mode) {
    std::string ordinary, other;
    for (const auto& m : r.ordinary_modes) ordinary += (ordinary.empty() ? "" : ", ") + m;
    for (const auto& m : r.other_modes) other += (other.empty() ? "" : ", ") + m;
    msg += fmt::format(
        "\nordinary_trade (customs, ordinary share of export value >= {}): {} of {} firm-years; "
        "{} without a trade mode ({} rows without mode)\n  ordinary: {}\n  other: {}",
        r.ordinary_threshold, r.trade_firm_years_ordinary, r.trade_firm_years, r.trade_firm_years_without,
        r.trade_rows_without_mode, ordinary.empty() ? "(none)" : ordinary, other.empty() ? "(none)" : other);
    msg += fmt::format("\n{} of {} survey firm-years have customs exports under the same firm_id and year",
                       r.survey_firm_years_in_customs, r.rows);
  } else {
    msg += "\nordinary_trade: the store has no customs rows; import them and run controls again";
  }
  msg += fmt::format("\nfirm_year updated (run #{})", r.run_id);
  return msg;
}

}  // namespace tradedig::measure
