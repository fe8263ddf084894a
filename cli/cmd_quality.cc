#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "db/customs_store.h"
#include "db/firm_store.h"
#include "db/runs.h"
#include "db/schema.h"
#include "measure/firm_year_vars.h"
#include "measure/quality.h"
#include "util/error.h"
#include "util/parse.h"

#ifndef TRADEDIG_MEASURE_DATA_DIR
#define TRADEDIG_MEASURE_DATA_DIR "measure/data"
#endif

namespace tradedig::cli {

void add_quality_command(CLI::App& app, Globals& g) {
  struct Args {
    std::string variants = "QKL,QBW", sigma_file, bw_file = std::string(TRADEDIG_MEASURE_DATA_DIR) + "/elasticities/BW2006_sigma_hs0_3digit_73countries.csv";
    double sigma = 4, cap = 20, trim_low = 0.01, trim_high = 0.99, min_f = 10;
    int iv_min_rows = 30, base_year = 2000;
    bool no_trim = false, drop_intermediaries = false, keep_singletons = false;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "quality",
      "Estimate export product quality (Khandelwal-Schott-Wei 2013) from the customs rows in the store:\n"
      "per HS8 product, ln q + σ ln p on destination-year effects, quality = residual/(σ-1), normalised\n"
      "within product (Shi-Shao 2014) and weighted by export value to firm-year. Variants: QKL (σ = 4),\n"
      "QBW (Broda-Weinstein HS3, shipped), QSY (your HS4 σ file, --sigma-file), QLP and QOP (σ by 2SLS\n"
      "with the lagged price / the firm's price in other destinations; fallback BW then constant when\n"
      "σ̂ <= 1 or the first stage is weak). Also writes export_value, flex and lncnpd to firm_year.\n"
      "Example: tradedig quality --variants QKL,QBW,QLP,QOP");
  cmd->add_option("--variants", a->variants, "Comma-separated: QKL, QBW, QSY, QLP, QOP")->capture_default_str();
  cmd->add_option("--sigma", a->sigma, "σ of QKL and the last fallback")->capture_default_str();
  cmd->add_option("--sigma-file", a->sigma_file, "HS4 elasticities for QSY (CSV/.dta with hs4 and sigma columns)");
  cmd->add_option("--bw-file", a->bw_file, "Broda-Weinstein HS3 file")->capture_default_str();
  cmd->add_option("--sigma-cap", a->cap, "Larger σ are capped here")->capture_default_str();
  cmd->add_option("--trim-low", a->trim_low, "Lower unit-value quantile kept within product")->capture_default_str();
  cmd->add_option("--trim-high", a->trim_high, "Upper unit-value quantile kept within product")->capture_default_str();
  cmd->add_flag("--no-trim", a->no_trim, "Keep all unit values");
  cmd->add_flag("--drop-intermediaries", a->drop_intermediaries,
                "Drop firms whose name marks a trade intermediary (Ahn-Khandelwal-Wei: 进出口, 贸易, 经贸, 科贸, 外经)");
  cmd->add_flag("--keep-singletons", a->keep_singletons, "Give quality 0 to rows alone in their destination-year cell");
  cmd->add_option("--iv-min-rows", a->iv_min_rows, "IV: fewer usable rows in a product → fallback")->capture_default_str();
  cmd->add_option("--iv-min-f", a->min_f, "IV: weaker first stage (F) → fallback")->capture_default_str();
  cmd->add_option("--base-year", a->base_year, "Base year of lncnpd")->capture_default_str();
  cmd->callback([&g, a] {
    db::Connection c = db::open_store(g.db_path, /*must_exist=*/true);
    std::vector<std::string> variants;
    for (auto& v : split_any(a->variants, {","})) {
      if (v != "QKL" && v != "QBW" && v != "QSY" && v != "QLP" && v != "QOP")
        throw UserError(fmt::format("unknown quality variant '{}': use QKL, QBW, QSY, QLP or QOP", v));
      variants.push_back(v);
    }
    bool needs_bw = false;
    for (const auto& v : variants) needs_bw |= v != "QKL" && v != "QSY";
    measure::SigmaTable bw, hs4;
    if (needs_bw) bw = measure::load_bw_hs3(a->bw_file);
    for (const auto& v : variants)
      if (v == "QSY") {
        if (a->sigma_file.empty())
          throw UserError("QSY needs Soderbery-style HS4 elasticities: pass --sigma-file FILE (columns hs4, sigma)");
        hs4 = measure::load_sigma_file(a->sigma_file, 4);
      }
    int64_t run = db::begin_run(c, "quality", fmt::format("variants={} sigma={} cap={} trim={} drop_intermediaries={}",
                                                          a->variants, a->sigma, a->cap,
                                                          a->no_trim ? std::string("none") : fmt::format("{}-{}", a->trim_low, a->trim_high),
                                                          a->drop_intermediaries));
    auto customs = db::load_customs(c);
    if (customs.size() == 0) throw UserError("the store has no customs rows; import them with `tradedig import customs FILE`");
    measure::CleaningOptions co;
    if (a->no_trim) co.trim_low = 0, co.trim_high = 1;
    else co.trim_low = a->trim_low, co.trim_high = a->trim_high;
    if (a->drop_intermediaries) co.drop_firms = measure::intermediary_firms(customs, db::load_firm_names_zh(c));
    std::vector<measure::StepReport> steps;
    auto panel = measure::build_ksw_panel(customs, co, steps);
    std::string msg = "cleaning (rows in → out):";
    nlohmann::json j;
    for (const auto& s : steps) {
      msg += fmt::format("\n  {:<44} {:>12} → {:>12}", s.step, s.rows_in, s.rows_out);
      j["cleaning"].push_back({{"step", s.step}, {"in", s.rows_in}, {"out", s.rows_out}});
    }
    say(g, msg);
    for (const auto& v : variants) {
      measure::QualitySpec spec;
      spec.name = v;
      spec.constant = a->sigma;
      spec.cap = a->cap;
      spec.keep_singletons = a->keep_singletons;
      spec.iv_min_rows = a->iv_min_rows;
      spec.iv_min_first_stage_f = a->min_f;
      if (v == "QBW") spec.method = measure::SigmaMethod::kTable, spec.table = &bw;
      if (v == "QSY") spec.method = measure::SigmaMethod::kTable, spec.table = &hs4;
      if (v == "QLP") spec.method = measure::SigmaMethod::kIvLaggedPrice, spec.table = &bw;
      if (v == "QOP") spec.method = measure::SigmaMethod::kIvOtherDestinations, spec.table = &bw;
      auto q = measure::estimate_quality(panel, customs.product_codes, spec);
      db::replace_quality(c, v, customs, measure::quality_rows(panel, q), run);
      auto fy = measure::aggregate_firm_year(panel, q);
      db::write_firm_year_column(c, v, customs, fy, run);
      int64_t iv = 0;
      for (const auto& ps : q.products) iv += std::string_view(ps.source) == "iv";
      say(g, fmt::format("{}: {} products ({} σ by IV, {} fallback, {} capped at {}), {} of {} rows with quality, "
                         "{} singleton rows, {} firm-years",
                         v, q.products.size(), iv, q.products_fallback, q.products_capped, a->cap, q.rows_with_quality,
                         panel.size(), q.singleton_rows, fy.size()));
      j["variants"][v] = {{"products", q.products.size()}, {"iv", iv}, {"fallback", q.products_fallback},
                          {"capped", q.products_capped}, {"rows_with_quality", q.rows_with_quality},
                          {"singleton_rows", q.singleton_rows}, {"firm_years", fy.size()}};
    }
    auto vars = measure::customs_firm_year_vars(customs, a->base_year);
    db::write_firm_year_column(c, "export_value", customs, vars.export_value, run);
    db::write_firm_year_column(c, "n_shipments", customs, vars.n_shipments, run);
    db::write_firm_year_column(c, "n_products", customs, vars.n_products, run);
    db::write_firm_year_column(c, "n_destinations", customs, vars.n_destinations, run);
    db::write_firm_year_column(c, "flex", customs, vars.flex, run);
    db::write_firm_year_column(c, "lncnpd", customs, vars.lncnpd, run);
    say(g, fmt::format("firm_year: export_value, n_shipments, n_products, n_destinations, flex, lncnpd for {} firm-years (run #{})",
                       vars.flex.size(), run));
    db::finish_run(c, run, true, j.dump());
  });
}

}  // namespace tradedig::cli
