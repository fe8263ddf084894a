// `tradedig regress`: OLS with absorbed fixed effects, one or several formulas into one table.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "db/runs.h"
#include "db/schema.h"
#include "measure/estimate.h"
#include "util/error.h"

namespace tradedig::cli {


namespace {

struct RegressArgs {
  std::vector<std::string> formulas;
  std::string data = "v_firm_year_panel", table = "text", out, vcov = "iid", weights;
  std::vector<std::string> cluster;
  bool keep_singletons = false, json = false;
  double tolerance = 1e-12;
};

// One row in `runs` per model; a failure is recorded as such before it propagates.
class RunLog {
 public:
  explicit RunLog(const Globals& g) {
    std::error_code ec;
    if (std::filesystem::exists(g.db_path, ec)) conn_ = db::open_store(g.db_path, /*must_exist=*/true);
  }
  bool active() const { return conn_.handle() != nullptr; }
  int64_t start(const nlohmann::json& spec) { return active() ? db::begin_run(conn_, "regress", spec.dump()) : -1; }
  void finish(int64_t id, bool ok, const std::string& results) {
    if (id >= 0) db::finish_run(conn_, id, ok, results);
  }

 private:
  db::Connection conn_;
};

void run_regress(const Globals& g, const RegressArgs& a) {
  using namespace measure;
  FitOptions o;
  o.cluster = a.cluster;
  o.weights = a.weights;
  o.drop_singletons = !a.keep_singletons;
  o.tolerance = a.tolerance;
  if (a.vcov == "hc1" || a.vcov == "hetero" || a.vcov == "robust") o.vcov = VcovType::kHetero;
  else if (a.vcov != "iid") throw UserError(fmt::format("Unknown --vcov {}; use iid or hc1 (or --cluster VAR).", a.vcov));
  TableFormat format = parse_table_format(a.table);

  DataFrame d = load_data(a.data, g.db_path);
  RunLog log(g);
  std::vector<FitResult> fits;
  nlohmann::json all = nlohmann::json::array();
  for (const auto& text : a.formulas) {
    nlohmann::json spec = {{"formula", text},     {"data", a.data},        {"cluster", a.cluster},
                           {"vcov", a.vcov},      {"weights", a.weights},  {"drop_singletons", o.drop_singletons},
                           {"tolerance", a.tolerance}};
    int64_t run = log.start(spec);
    try {
      fits.push_back(feols(parse_formula(text), d, o));
    } catch (const std::exception& e) {
      log.finish(run, false, nlohmann::json({{"error", e.what()}}).dump());
      throw;
    }
    nlohmann::json res = to_json(fits.back());
    res["run_id"] = run;
    log.finish(run, true, res.dump());
    all.push_back(std::move(res));
    for (const auto& m : fits.back().messages) std::fprintf(stderr, "note (%s): %s\n", text.c_str(), m.c_str());
  }
  if (a.json) {
    std::fputs((all.dump(2) + "\n").c_str(), stdout);
  } else {
    std::string table = render_table(fits, format);
    if (a.out.empty()) {
      std::fputs(table.c_str(), stdout);
    } else {
      std::ofstream f(a.out, std::ios::binary);
      if (!(f << table)) throw UserError(fmt::format("Cannot write {}.", a.out));
      say(g, fmt::format("wrote the table of {} model{} to {}", fits.size(), fits.size() == 1 ? "" : "s", a.out));
    }
  }
  if (!log.active()) say(g, fmt::format("note: no store at {}, so the run was not recorded in `runs`.", g.db_path));
}

}  // namespace

void add_regress_command(CLI::App& app, Globals& g) {
  auto a = std::make_shared<RegressArgs>();
  auto* cmd = app.add_subcommand(
      "regress",
      "OLS with absorbed fixed effects in fixest formula syntax; several formulas make one table.\n"
      "Standard errors follow reghdfe/fixest (FE nested in clusters, G_min, t with G-1 df); singletons\n"
      "are dropped iteratively as reghdfe does (--keep-singletons for fixest's default). Each model is\n"
      "recorded in the store's `runs` table with its specification and full results.\n"
      "Examples:\n"
      "  tradedig regress 'QSY ~ lndig + lnsca | firm + prov^ind^year' --cluster firm\n"
      "  tradedig regress 'y ~ x' 'y ~ x + z | firm' --data panel.csv --table tex --out t2.tex");
  cmd->add_option("formula", a->formulas, "One or more formulas: 'y ~ x1 + log(x2) + i(year) | fe1 + fe2^fe3'")->required();
  cmd->add_option("--data", a->data, "A CSV/.dta file, or a table/view of the store")->capture_default_str();
  cmd->add_option("--cluster", a->cluster, "Cluster variable(s); several = multiway (a^b for an interaction)");
  cmd->add_option("--vcov", a->vcov, "Without --cluster: iid | hc1")->capture_default_str();
  cmd->add_option("--weights", a->weights, "Analytic weights column");
  cmd->add_flag("--keep-singletons", a->keep_singletons, "Keep singleton observations (fixest's default)");
  cmd->add_option("--tolerance", a->tolerance, "Demeaning tolerance (relative CG residual)")->capture_default_str();
  cmd->add_option("--table", a->table, "text | md | tex | csv | html")->capture_default_str();
  cmd->add_option("--out", a->out, "Write the table to this file");
  cmd->add_flag("--json", a->json, "Print full-precision results as JSON instead of a table");
  cmd->callback([&g, a] { run_regress(g, *a); });
}

}  // namespace tradedig::cli
