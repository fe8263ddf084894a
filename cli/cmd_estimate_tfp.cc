// `tradedig estimate tfp`: Olley–Pakes / Levinsohn–Petrin production functions and lntfp.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

#include "cli/estimate_methods.h"
#include "cli/run_output.h"
#include "db/customs_store.h"
#include "db/schema.h"
#include "measure/production_tfp.h"
#include "util/csv_field.h"
#include "util/error.h"

namespace tradedig::cli {
namespace {

struct TfpArgs {
  std::string data = "v_firm_year_panel", firm = "firm_id", year = "year", output, labour, capital, proxy;
  std::string method = "op", table = "text", out;
  bool gross_output = false, json = false, write_store = false;
  int degree = 3, reps = 200;
  uint64_t seed = 20240601;
};

constexpr const char* kStoreColumn = "lntfp";

std::string cell_text(const measure::Column& c, size_t i) {
  if (c.numeric) return std::isfinite(c.values[i]) ? fmt::format("{}", c.values[i]) : std::string();
  return c.codes[i] < 0 ? std::string() : c.levels[static_cast<size_t>(c.codes[i])];
}


void write_tfp_csv(const Globals& g, const std::string& path, const measure::DataFrame& d, const TfpArgs& a,
                   const measure::TfpResult& r) {
  std::ofstream f(path, std::ios::binary);
  const measure::Column& firm = *d.find(a.firm);
  const measure::Column& year = *d.find(a.year);
  f << csv_field(a.firm) << ',' << csv_field(a.year) << ",lntfp,omega\n";
  int64_t rows = 0;
  for (size_t i = 0; i < r.lntfp.size(); ++i) {
    if (!std::isfinite(r.lntfp[i])) continue;
    f << csv_field(cell_text(firm, i)) << ',' << cell_text(year, i) << ',' << fmt::format("{:.17g}", r.lntfp[i]) << ','
      << (std::isfinite(r.omega[i]) ? fmt::format("{:.17g}", r.omega[i]) : std::string()) << '\n';
    ++rows;
  }
  if (!f) throw UserError(fmt::format("Cannot write {}.", path));
  say(g, fmt::format("wrote {} firm-years of lntfp to {}", rows, path));
}

// firm_year accepts only its measure columns (db/customs_store.h); asking with no rows checks
// that before any estimation time is spent.
void check_store_column(db::Connection& c) {
  try {
    db::write_firm_year_column(c, kStoreColumn, db::CustomsColumns{}, {}, 0);
  } catch (const std::invalid_argument&) {
    throw UserError(
        fmt::format("The store's firm_year table has no {} column, so --write-store cannot be used; "
                    "write the column to a CSV with --out instead.",
                    kStoreColumn));
  }
}

void write_store(db::Connection& c, const measure::DataFrame& d, const TfpArgs& a, const measure::TfpResult& r,
                 int64_t run) {
  const measure::Column& firm = *d.find(a.firm);
  const measure::Column& year = *d.find(a.year);
  db::CustomsColumns dict;
  std::vector<db::FirmYearValue> values;
  for (size_t i = 0; i < r.lntfp.size(); ++i) {
    if (!std::isfinite(r.lntfp[i])) continue;
    dict.firm_names.push_back(cell_text(firm, i));
    values.push_back(
        {static_cast<int32_t>(dict.firm_names.size() - 1), static_cast<int16_t>(year.values[i]), r.lntfp[i]});
  }
  db::write_firm_year_column(c, kStoreColumn, dict, values, run);
}

void run_tfp(const Globals& g, const TfpArgs& a) {
  using namespace measure;
  TfpOptions o;
  if (a.method == "op") o.method = TfpMethod::kOlleyPakes;
  else if (a.method == "lp") o.method = TfpMethod::kLevinsohnPetrin;
  else throw UserError(fmt::format("Unknown --method {}; use op (Olley–Pakes) or lp (Levinsohn–Petrin).", a.method));
  o.gross_output = a.gross_output;
  o.degree = a.degree;
  o.bootstrap_reps = a.reps;
  o.seed = a.seed;
  TableFormat format = parse_table_format(a.table);
  ProductionVariables v{a.firm, a.year, a.output, a.labour, a.capital, a.proxy};

  db::Connection store;
  if (a.write_store) {
    store = db::open_store(g.db_path, /*must_exist=*/true);
    check_store_column(store);
  }
  DataFrame d = load_data(a.data, g.db_path);
  RunLog log(g);
  nlohmann::json spec = {{"data", a.data},     {"firm", a.firm},     {"year", a.year},
                         {"output", a.output}, {"labour", a.labour}, {"capital", a.capital},
                         {"proxy", a.proxy},   {"method", a.method}, {"gross_output", a.gross_output},
                         {"degree", a.degree}, {"reps", a.reps},     {"seed", a.seed}};
  auto [r, res, run] = log.record(
      "estimate tfp", spec, [&] { return estimate_tfp(d, v, o); }, [](const TfpResult& t) { return to_json(t); });
  for (const auto& m : r.fit.messages) std::fprintf(stderr, "note: %s\n", m.c_str());
  if (a.json) std::fputs((res.dump(2) + "\n").c_str(), stdout);
  else std::fputs(render_table({r.fit}, format).c_str(), stdout);
  if (!a.out.empty()) write_tfp_csv(g, a.out, d, a, r);
  if (a.write_store) {
    write_store(store, d, a, r, run);
    say(g, fmt::format("wrote {} into firm_year", kStoreColumn));
  }
  log.note_unrecorded(g);
}

}  // namespace

void add_estimate_tfp(CLI::App& estimate, Globals& g) {
  auto a = std::make_shared<TfpArgs>();
  auto* cmd = estimate.add_subcommand(
      "tfp",
      "Production function and log TFP by Olley-Pakes (investment proxy) or Levinsohn-Petrin (materials proxy):\n"
      "first stage y on labour and a polynomial in (capital, proxy), second stage for beta_k by nonlinear least\n"
      "squares (value added) or GMM (--gross-output, LP), SEs from a firm bootstrap. The table shows the\n"
      "elasticities; --out writes firm, year, lntfp = y - b_l*l - b_k*k [- b_m*m] and omega as CSV. No exit\n"
      "(survival) correction. Variables may be expressions such as log(va).\n"
      "Examples:\n"
      "  tradedig estimate tfp --data firms.csv --firm id --output lnva --labour lnl --capital lnk --proxy lni --out "
      "tfp.csv\n"
      "  tradedig estimate tfp --data firms.csv --firm id --output lny --labour lnl --capital lnk --proxy lnm --method "
      "lp --gross-output");
  cmd->add_option("--data", a->data, "A CSV/.dta file, or a table/view of the store")->capture_default_str();
  cmd->add_option("--firm", a->firm, "Firm identifier column")->capture_default_str();
  cmd->add_option("--year", a->year, "Year column (numeric)")->capture_default_str();
  cmd->add_option("--output", a->output, "Log output (value added, or gross output with --gross-output)")->required();
  cmd->add_option("--labour", a->labour, "Log labour")->required();
  cmd->add_option("--capital", a->capital, "Log capital")->required();
  cmd->add_option("--proxy", a->proxy, "Log investment (op) or log materials (lp)")->required();
  cmd->add_option("--method", a->method, "op | lp")->capture_default_str();
  cmd->add_flag("--gross-output", a->gross_output, "LP only: materials are an input too; estimate beta_m");
  cmd->add_option("--degree", a->degree, "Degree of the polynomials")->capture_default_str();
  cmd->add_option("--reps", a->reps, "Firm bootstrap replications for the SEs (0 = none)")->capture_default_str();
  cmd->add_option("--seed", a->seed, "Random seed of the bootstrap")->capture_default_str();
  cmd->add_option("--table", a->table, "text | md | tex | csv | html")->capture_default_str();
  cmd->add_flag("--json", a->json, "Print full-precision results as JSON instead of a table");
  cmd->add_option("--out", a->out, "Write firm, year, lntfp, omega to this CSV file");
  cmd->add_flag("--write-store", a->write_store, "Write lntfp into the store's firm_year table (needs that column)");
  cmd->callback([&g, a] { run_tfp(g, *a); });
}

}  // namespace tradedig::cli
