#include "measure/quality_run.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "db/customs_store.h"
#include "db/firm_store.h"
#include "db/runs.h"
#include "measure/destination_controls.h"
#include "measure/firm_year_vars.h"
#include "util/error.h"

namespace tradedig::measure {

QualityRunReport run_quality(db::Connection& c, const QualityRunOptions& o) {
  bool needs_bw = false, needs_hs4 = false;
  for (const auto& v : o.variants) {
    if (v != "QKL" && v != "QBW" && v != "QSY" && v != "QLP" && v != "QOP")
      throw UserError(fmt::format("unknown quality variant '{}': use QKL, QBW, QSY, QLP or QOP", v));
    needs_bw |= v == "QBW" || v == "QLP" || v == "QOP";
    needs_hs4 |= v == "QSY";
  }
  if (needs_hs4 && o.sigma_file.empty())
    throw UserError("QSY needs Soderbery-style HS4 elasticities: pass --sigma-file FILE (columns hs4, sigma)");
  SigmaTable bw, hs4;
  if (needs_bw) bw = load_bw_hs3(o.bw_file);
  if (needs_hs4) hs4 = load_sigma_file(o.sigma_file, 4);
  const bool by_name = o.intermediaries == "name" || o.intermediaries == "both";
  const bool by_industry = o.intermediaries == "industry" || o.intermediaries == "both";
  if (!by_name && !by_industry && o.intermediaries != "none")
    throw UserError(fmt::format("unknown intermediary rule '{}': use name, industry, both or none", o.intermediaries));
  WdiTable wdi;
  if (!o.wdi_file.empty()) wdi = load_wdi(o.wdi_file);
  HsConcordance concordance;
  if (!o.hs_concordance.empty()) concordance = load_hs_concordance(o.hs_concordance);

  QualityRunReport rep;
  std::string variants;
  for (const auto& v : o.variants) variants += (variants.empty() ? "" : ",") + v;
  std::string run_spec = fmt::format("variants={} sigma={} cap={} trim={} intermediaries={}", variants, o.sigma,
                                     o.cap, o.trim ? fmt::format("{}-{}", o.trim_low, o.trim_high) : std::string("none"),
                                     o.intermediaries);
  if (by_industry) run_spec += fmt::format(" divisions={}", fmt::join(o.intermediary_divisions, ","));
  run_spec += fmt::format(" keep_singletons={}", o.keep_singletons);
  if (!o.normalise) run_spec += " normalise=none";
  if (!o.wdi_file.empty()) run_spec += " wdi_file=" + o.wdi_file;
  if (!o.hs_concordance.empty()) run_spec += " hs_concordance=" + o.hs_concordance;
  rep.run_id = db::begin_run(c, "quality", run_spec);
  // A run that stops half-way is recorded as failed, never left 'running'.
  try {
    auto customs = db::load_customs(c);
    if (customs.size() == 0) throw UserError("the store has no customs rows; import them with `tradedig import customs FILE`");
    CleaningOptions co;
    co.trim_low = o.trim ? o.trim_low : 0;
    co.trim_high = o.trim ? o.trim_high : 1;
    rep.intermediaries = o.intermediaries;
    if (by_name) {
      auto firms = intermediary_firms(customs, db::load_firm_names_zh(c));
      rep.intermediaries_by_name = firms.size();
      co.drop_firms.insert(co.drop_firms.end(), firms.begin(), firms.end());
    }
    if (by_industry) {
      const auto industries = db::load_firm_industries(c);
      for (const auto& f : customs.firm_names) rep.firms_with_industry += industries.count(f);
      auto firms = intermediary_firms_by_industry(customs, industries, o.intermediary_divisions);
      rep.intermediaries_by_industry = firms.size();
      co.drop_firms.insert(co.drop_firms.end(), firms.begin(), firms.end());
    }
    std::sort(co.drop_firms.begin(), co.drop_firms.end());
    co.drop_firms.erase(std::unique(co.drop_firms.begin(), co.drop_firms.end()), co.drop_firms.end());
    rep.intermediaries_dropped = co.drop_firms.size();
    // KSW reads harmonised codes when a concordance is given; the firm dictionary is unchanged, so
    // firm codes and firm_year writes are the same for both.
    HsHarmonisation harmonised;
    if (!o.hs_concordance.empty()) {
      harmonised = harmonise_hs(customs, concordance);
      rep.hs_harmonised = true;
      rep.hs = harmonised.report;
    }
    const db::CustomsColumns& ksw_customs = rep.hs_harmonised ? harmonised.customs : customs;
    auto panel = build_ksw_panel(ksw_customs, co, rep.cleaning);
    rep.panel_rows = panel.size();

    nlohmann::json j;
    for (const auto& s : rep.cleaning) j["cleaning"].push_back({{"step", s.step}, {"in", s.rows_in}, {"out", s.rows_out}});
    j["intermediaries"] = {{"rule", o.intermediaries}, {"by_name", rep.intermediaries_by_name},
                           {"by_industry", rep.intermediaries_by_industry}, {"dropped", rep.intermediaries_dropped}};
    if (rep.hs_harmonised)
      j["hs_concordance"] = {{"file", o.hs_concordance}, {"rows_mapped", rep.hs.rows_mapped},
                             {"rows_unmapped", rep.hs.rows_unmapped}, {"rows_one_to_many", rep.hs.rows_one_to_many},
                             {"rows_added", rep.hs.rows_added}, {"codes_mapped", rep.hs.codes_mapped},
                             {"codes_unmapped", rep.hs.codes_unmapped}, {"split_rule", rep.hs.split_rule}};
    for (const auto& v : o.variants) {
      QualitySpec spec;
      spec.name = v;
      spec.constant = o.sigma;
      spec.cap = o.cap;
      spec.keep_singletons = o.keep_singletons;
      spec.iv_min_rows = o.iv_min_rows;
      spec.iv_min_first_stage_f = o.iv_min_f;
      if (v == "QBW") spec.method = SigmaMethod::kTable, spec.table = &bw;
      if (v == "QSY") spec.method = SigmaMethod::kTable, spec.table = &hs4;
      if (v == "QLP") spec.method = SigmaMethod::kIvLaggedPrice, spec.table = &bw;
      if (v == "QOP") spec.method = SigmaMethod::kIvOtherDestinations, spec.table = &bw;
      auto q = estimate_quality(panel, ksw_customs.product_codes, spec);
      db::replace_quality(c, v, ksw_customs, quality_rows(panel, q), rep.run_id);
      auto fy = aggregate_firm_year(panel, q, o.normalise);
      db::write_firm_year_column(c, v, customs, fy, rep.run_id);
      VariantSummary s{v, q.products.size(), 0, q.products_fallback, q.products_capped, q.rows_with_quality, q.singleton_rows, fy.size()};
      for (const auto& ps : q.products) s.iv += std::string_view(ps.source) == "iv";
      j["variants"][v] = {{"products", s.products}, {"iv", s.iv}, {"fallback", s.fallback}, {"capped", s.capped},
                          {"rows_with_quality", s.rows_with_quality}, {"singleton_rows", s.singleton_rows},
                          {"firm_years", s.firm_years}};
      rep.variants.push_back(s);
    }
    auto vars = customs_firm_year_vars(customs, o.base_year);
    const std::pair<const char*, const std::vector<db::FirmYearValue>*> columns[] = {
        {"export_value", &vars.export_value}, {"n_shipments", &vars.n_shipments}, {"n_products", &vars.n_products},
        {"n_destinations", &vars.n_destinations}, {"flex", &vars.flex}, {"lncnpd", &vars.lncnpd}};
    for (const auto& [column, values] : columns) db::write_firm_year_column(c, column, customs, *values, rep.run_id);
    rep.firm_years = vars.flex.size();

    auto sdp = price_dispersion_control(customs);
    db::write_firm_year_column(c, "lnsdp", customs, sdp.lnsdp, rep.run_id);
    rep.sdp_cells = sdp.cells;
    rep.sdp_cells_with_cv = sdp.cells_with_cv;
    rep.sdp_firm_years_without = sdp.firm_years_without;
    j["lnsdp"] = {{"cells", sdp.cells}, {"cells_with_cv", sdp.cells_with_cv}, {"rows_without_price", sdp.rows_without_price},
                  {"firm_years", sdp.lnsdp.size()}, {"firm_years_without", sdp.firm_years_without}};
    if (!o.wdi_file.empty()) {
      auto g = gdp_controls(customs, wdi);
      db::write_firm_year_column(c, "lngdp", customs, g.lngdp, rep.run_id);
      db::write_firm_year_column(c, "lnpgp", customs, g.lnpgp, rep.run_id);
      rep.wdi = true;
      rep.wdi_dests_not_in_file = g.dests_not_in_file;
      rep.wdi_dest_names_not_in_file = g.dest_names_not_in_file;
      rep.wdi_pairs = g.pairs;
      rep.wdi_pairs_without_gdp = g.pairs_without_gdp;
      rep.wdi_pairs_without_gdp_pc = g.pairs_without_gdp_pc;
      rep.wdi_value_share_without_gdp = g.value > 0 ? g.value_without_gdp / g.value : 0;
      rep.wdi_value_share_without_gdp_pc = g.value > 0 ? g.value_without_gdp_pc / g.value : 0;
      rep.wdi_firm_years_without_gdp = g.firm_years_without_gdp;
      rep.wdi_firm_years_without_gdp_pc = g.firm_years_without_gdp_pc;
      j["wdi"] = {{"file", o.wdi_file},
                  {"dests_not_in_file", g.dests_not_in_file},
                  {"dest_names_not_in_file", g.dest_names_not_in_file},
                  {"pairs", g.pairs},
                  {"pairs_without_gdp", g.pairs_without_gdp},
                  {"pairs_without_gdp_pc", g.pairs_without_gdp_pc},
                  {"value_without_gdp", g.value_without_gdp},
                  {"value_without_gdp_pc", g.value_without_gdp_pc},
                  {"firm_years_without_gdp", g.firm_years_without_gdp},
                  {"firm_years_without_gdp_pc", g.firm_years_without_gdp_pc}};
    }
    db::finish_run(c, rep.run_id, true, j.dump());
  } catch (...) {
    db::finish_run(c, rep.run_id, false, "{}");
    throw;
  }
  return rep;
}

std::string describe(const QualityRunReport& r, double cap) {
  std::string msg;
  if (r.hs_harmonised) {
    const auto& h = r.hs;
    std::string examples;
    for (const auto& e : h.unmapped_examples) examples += (examples.empty() ? "" : ", ") + e;
    if (h.codes_unmapped > h.unmapped_examples.size()) examples += ", ...";
    msg += fmt::format("HS concordance: {} rows mapped, {} unmapped (kept as they are{}), {} one-to-many ({}{}); "
                       "{} codes mapped, {} unmapped\n",
                       h.rows_mapped, h.rows_unmapped, examples.empty() ? "" : ": " + examples, h.rows_one_to_many,
                       h.split_rule, h.rows_added ? fmt::format(", {} rows added", h.rows_added) : std::string(),
                       h.codes_mapped, h.codes_unmapped);
  }
  if (r.intermediaries != "none")
    msg += fmt::format("trade intermediaries ({}): {} firms by name, {} by industry{}, {} dropped\n", r.intermediaries,
                       r.intermediaries_by_name, r.intermediaries_by_industry,
                       r.intermediaries == "name"
                           ? std::string()
                           : fmt::format(" ({} customs firms have an industry)", r.firms_with_industry),
                       r.intermediaries_dropped);
  msg += "cleaning (rows in → out):";
  for (const auto& s : r.cleaning) msg += fmt::format("\n  {:<44} {:>12} → {:>12}", s.step, s.rows_in, s.rows_out);
  for (const auto& v : r.variants)
    msg += fmt::format("\n{}: {} products ({} σ by IV, {} fallback, {} capped at {}), {} of {} rows with quality, "
                       "{} singleton rows, {} firm-years",
                       v.name, v.products, v.iv, v.fallback, v.capped, cap, v.rows_with_quality, r.panel_rows,
                       v.singleton_rows, v.firm_years);
  msg += fmt::format("\nfirm_year: export_value, n_shipments, n_products, n_destinations, flex, lncnpd, lnsdp{} for {} firm-years (run #{})",
                     r.wdi ? ", lngdp, lnpgp" : "", r.firm_years, r.run_id);
  msg += fmt::format("\nlnsdp: {} of {} destination-product-year cells have a price CV (>= 2 unit values); {} firm-years without lnsdp",
                     r.sdp_cells_with_cv, r.sdp_cells, r.sdp_firm_years_without);
  if (r.wdi) {
    std::string names;
    for (const auto& n : r.wdi_dest_names_not_in_file) names += (names.empty() ? "" : ", ") + n;
    msg += fmt::format("\nlngdp/lnpgp: {} destinations not in the WDI file{}; left out of the weights: {} / {} of {} "
                       "firm-year-destination pairs ({:.1f}% / {:.1f}% of export value); {} / {} firm-years without a value",
                       r.wdi_dests_not_in_file,
                       names.empty() ? std::string() :
                           fmt::format(" ({}{})", names, r.wdi_dests_not_in_file > static_cast<int64_t>(r.wdi_dest_names_not_in_file.size()) ? ", ..." : ""),
                       r.wdi_pairs_without_gdp, r.wdi_pairs_without_gdp_pc, r.wdi_pairs, 100 * r.wdi_value_share_without_gdp,
                       100 * r.wdi_value_share_without_gdp_pc, r.wdi_firm_years_without_gdp, r.wdi_firm_years_without_gdp_pc);
  }
  return msg;
}

}  // namespace tradedig::measure
