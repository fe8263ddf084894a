#include "cli/commands.h"
#include "db/schema.h"
#include "measure/quality_run.h"
#include "util/parse.h"

#ifndef TRADEDIG_MEASURE_DATA_DIR
#define TRADEDIG_MEASURE_DATA_DIR "measure/data"
#endif

namespace tradedig::cli {

void add_quality_command(CLI::App& app, Globals& g) {
  auto o = std::make_shared<measure::QualityRunOptions>();
  auto variants = std::make_shared<std::string>("QKL,QBW");
  auto no_trim = std::make_shared<bool>(false);
  auto drop_by_name = std::make_shared<bool>(false);
  auto divisions = std::make_shared<std::string>("51,52");
  o->bw_file = std::string(TRADEDIG_MEASURE_DATA_DIR) + "/elasticities/BW2006_sigma_hs0_3digit_73countries.csv";
  auto* cmd = app.add_subcommand(
      "quality",
      "Estimate export product quality (Khandelwal-Schott-Wei 2013) from the customs rows in the store:\n"
      "per HS8 product, ln q + σ ln p on destination-year effects, quality = residual/(σ-1), normalised\n"
      "within product (Shi-Shao 2014) and weighted by export value to firm-year. Variants: QKL (σ = 4),\n"
      "QBW (Broda-Weinstein HS3, shipped), QSY (your HS4 σ file, --sigma-file), QLP and QOP (σ by 2SLS\n"
      "with the lagged price / the firm's price in other destinations; fallback BW then constant when\n"
      "σ̂ <= 1 or the first stage is weak). Also writes export_value, flex, lncnpd and lnsdp (export-weighted\n"
      "CV of Chinese export prices by destination-product) to firm_year, and lngdp/lnpgp with --wdi-file.\n"
      "Examples:\n"
      "  tradedig quality --variants QKL,QBW,QLP,QOP\n"
      "  tradedig quality --intermediaries both --hs-concordance hs2002_to_hs1996.csv");
  cmd->add_option("--variants", *variants, "Comma-separated: QKL, QBW, QSY, QLP, QOP")->capture_default_str();
  cmd->add_option("--sigma", o->sigma, "σ of QKL and the last fallback")->capture_default_str();
  cmd->add_option("--sigma-file", o->sigma_file, "HS4 elasticities for QSY (CSV/.dta with hs4 and sigma columns)");
  cmd->add_option("--bw-file", o->bw_file, "Broda-Weinstein HS3 file")->capture_default_str();
  cmd->add_option("--sigma-cap", o->cap, "Larger σ are capped here")->capture_default_str();
  cmd->add_option("--trim-low", o->trim_low, "Lower unit-value quantile kept within product")->capture_default_str();
  cmd->add_option("--trim-high", o->trim_high, "Upper unit-value quantile kept within product")->capture_default_str();
  cmd->add_flag("--no-trim", *no_trim, "Keep all unit values");
  auto* intermediaries_opt = cmd->add_option("--intermediaries", o->intermediaries,
                  "Drop trade intermediaries before KSW: name (Ahn-Khandelwal-Wei: 进出口, 贸易, 经贸, 科贸, 外经 in the "
                  "Chinese name), industry (firms.industry in GB/T 4754 wholesale/retail divisions; the paper's rule and the "
                  "default), both, or none")
      ->check(CLI::IsMember({"name", "industry", "both", "none"}))
      ->capture_default_str();
  cmd->add_flag("--drop-intermediaries", *drop_by_name, "Same as --intermediaries name");
  cmd->add_option("--intermediary-divisions", *divisions,
                  "GB/T 4754 divisions of --intermediaries industry (2011/2017 codes; 63,65 under GB/T 4754-2002)")
      ->capture_default_str();
  cmd->add_option("--hs-concordance", o->hs_concordance,
                  "Map HS codes to one vintage before KSW: CSV/.dta with from_hs, to_hs, optional year_from/year_to "
                  "and weight (one-to-many: split by weight, else the first target)");
  cmd->add_flag("--keep-singletons", o->keep_singletons, "Give quality 0 to rows alone in their destination-year cell");
  cmd->add_option("--iv-min-rows", o->iv_min_rows, "IV: fewer usable rows in a product → fallback")->capture_default_str();
  cmd->add_option("--iv-min-f", o->iv_min_f, "IV: weaker first stage (F) → fallback")->capture_default_str();
  cmd->add_option("--wdi-file", o->wdi_file,
                  "WDI-style CSV/.dta (destination as in customs dest: country/iso3/dest; year; gdp; gdp_pc): "
                  "writes export-weighted lngdp and lnpgp");
  cmd->add_option("--base-year", o->base_year, "Base year of lncnpd")->capture_default_str();
  cmd->callback([&g, o, variants, no_trim, drop_by_name, divisions, intermediaries_opt] {
    db::Connection c = db::open_store(g.db_path, /*must_exist=*/true);
    o->variants = split_any(*variants, {","});
    o->trim = !*no_trim;
    if (*drop_by_name && intermediaries_opt->count() == 0) o->intermediaries = "name";
    if (*drop_by_name && o->intermediaries == "industry") o->intermediaries = "both";
    o->intermediary_divisions = split_any(*divisions, {","});
    auto rep = measure::run_quality(c, *o);
    say(g, measure::describe(rep, o->cap));
  });
}

}  // namespace tradedig::cli
