#include "measure/quality_run.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "db/customs_store.h"
#include "db/firm_store.h"
#include "db/runs.h"
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

  QualityRunReport rep;
  std::string variants;
  for (const auto& v : o.variants) variants += (variants.empty() ? "" : ",") + v;
  rep.run_id = db::begin_run(c, "quality",
                             fmt::format("variants={} sigma={} cap={} trim={} drop_intermediaries={} keep_singletons={}",
                                         variants, o.sigma, o.cap,
                                         o.trim ? fmt::format("{}-{}", o.trim_low, o.trim_high) : std::string("none"),
                                         o.drop_intermediaries, o.keep_singletons));
  auto customs = db::load_customs(c);
  if (customs.size() == 0) throw UserError("the store has no customs rows; import them with `tradedig import customs FILE`");
  CleaningOptions co;
  co.trim_low = o.trim ? o.trim_low : 0;
  co.trim_high = o.trim ? o.trim_high : 1;
  if (o.drop_intermediaries) co.drop_firms = intermediary_firms(customs, db::load_firm_names_zh(c));
  auto panel = build_ksw_panel(customs, co, rep.cleaning);
  rep.panel_rows = panel.size();

  nlohmann::json j;
  for (const auto& s : rep.cleaning) j["cleaning"].push_back({{"step", s.step}, {"in", s.rows_in}, {"out", s.rows_out}});
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
    auto q = estimate_quality(panel, customs.product_codes, spec);
    db::replace_quality(c, v, customs, quality_rows(panel, q), rep.run_id);
    auto fy = aggregate_firm_year(panel, q);
    db::write_firm_year_column(c, v, customs, fy, rep.run_id);
    VariantSummary s{v, q.products.size(), 0, q.products_fallback, q.products_capped, q.rows_with_quality, q.singleton_rows, fy.size()};
    for (const auto& ps : q.products) s.iv += std::string_view(ps.source) == "iv";
    j["variants"][v] = {{"products", s.products}, {"iv", s.iv}, {"fallback", s.fallback}, {"capped", s.capped},
                        {"rows_with_quality", s.rows_with_quality}, {"singleton_rows", s.singleton_rows},
                        {"firm_years", s.firm_years}};
    rep.variants.push_back(s);
  }
  auto vars = customs_firm_year_vars(customs, o.base_year);
  db::write_firm_year_column(c, "export_value", customs, vars.export_value, rep.run_id);
  db::write_firm_year_column(c, "n_shipments", customs, vars.n_shipments, rep.run_id);
  db::write_firm_year_column(c, "n_products", customs, vars.n_products, rep.run_id);
  db::write_firm_year_column(c, "n_destinations", customs, vars.n_destinations, rep.run_id);
  db::write_firm_year_column(c, "flex", customs, vars.flex, rep.run_id);
  db::write_firm_year_column(c, "lncnpd", customs, vars.lncnpd, rep.run_id);
  rep.firm_years = vars.flex.size();
  db::finish_run(c, rep.run_id, true, j.dump());
  return rep;
}

std::string describe(const QualityRunReport& r, double cap) {
  std::string msg = "cleaning (rows in → out):";
  for (const auto& s : r.cleaning) msg += fmt::format("\n  {:<44} {:>12} → {:>12}", s.step, s.rows_in, s.rows_out);
  for (const auto& v : r.variants)
    msg += fmt::format("\n{}: {} products ({} σ by IV, {} fallback, {} capped at {}), {} of {} rows with quality, "
                       "{} singleton rows, {} firm-years",
                       v.name, v.products, v.iv, v.fallback, v.capped, cap, v.rows_with_quality, r.panel_rows,
                       v.singleton_rows, v.firm_years);
  msg += fmt::format("\nfirm_year: export_value, n_shipments, n_products, n_destinations, flex, lncnpd for {} firm-years (run #{})",
                     r.firm_years, r.run_id);
  return msg;
}

}  // namespace tradedig::measure
