// Internal to report/paper_tables*.cc: the prepared panel every table reads, and the assembly of
// one table's columns (estimation, skipping with a note, recording runs, rendering in panels).
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "db/connection.h"
#include "measure/estimate.h"
#include "report/paper_tables.h"

namespace tradedig::report::paper {

// Columns added to the panel when the data do not have them already.
inline constexpr const char* kExports = "EDU";                   // 1 when export_value > 0, else 0
inline constexpr const char* kLaggedTreatment = "lndig_l1";      // treatment of the same firm in year − 1
inline constexpr const char* kShareInstrument = "dig_ivt";       // leave-one-out share of digitized firms
inline constexpr const char* kEventYear = "first_digital_year";  // first year with treatment > 0 (0: never)

struct PanelContext {
  db::Connection* store = nullptr;
  const PaperTablesOptions* opt = nullptr;
  measure::DataFrame data;
  std::string fe;                          // "firm_id + province^industry^year" (or "+ year")
  std::vector<std::string> controls;       // every control present, in block order
  std::vector<std::string> general_notes;  // said under every table from 2 on (FE, controls left out)

  // The column exists and has at least one non-missing value.
  bool has(const std::string& var) const;
  // The variables of `vars` that has() accepts, in order.
  std::vector<std::string> present(const std::vector<std::string>& vars) const;
  // `controls` without `except`.
  std::vector<std::string> controls_without(const std::vector<std::string>& except) const;
  measure::FitOptions fit_options() const;
};

// Loads opt.data, adds the derived columns and decides the FE and controls.
PanelContext prepare_panel(db::Connection& store, const PaperTablesOptions& opt);

// The strings of `v` joined by `sep`.
std::string join(const std::vector<std::string>& v, const char* sep);

// Text for LaTeX: specials escaped and the symbols of the notes (×, ·, χ², ±, —) in math mode.
std::string latex_text(const std::string& s);

// "y ~ a + b | fe" (no "| fe" when fe is empty; "y ~ 1" style not needed: terms are never empty).
std::string formula_text(const std::string& lhs, const std::vector<std::string>& terms, const std::string& fe);

// The variables of `terms` absent from the data, as "a, b" ("" when all are present).
std::string missing_list(const PanelContext& ctx, const std::vector<std::string>& vars);

// Rows of ctx.data where `var` equals `value` (numeric) / lies in [lo, hi].
std::vector<int64_t> rows_where(const measure::DataFrame& d, const std::string& var, double lo, double hi);

// A copy of `f` showing only the coefficients named in `keep` (in the fit's order); `controls` adds
// a first "Controls: Yes" row at the foot. An empty `keep` shows every coefficient.
measure::FitResult shown_coefficients(const measure::FitResult& f, const std::vector<std::string>& keep, bool controls);

class TableAssembly {
 public:
  TableAssembly(PanelContext& ctx, int number, std::string title);

  // Starts a panel (a separate coefficient block with its own header row).
  void panel(const std::string& title);
  // A panel rendered by `render` instead of a coefficient table (e.g. an event-study path).
  void custom_panel(const std::string& title, std::function<std::string(measure::TableFormat)> render);

  // Adds an estimated column: `title` without its number, `shown` the coefficients displayed (all
  // when empty), `controls` whether the Controls row says Yes; `results` is what the run records
  // (to_json(fit) when null) and `spec` extra specification fields. `in_table` false keeps the fit
  // (and its run) without a column in a coefficient panel. `command` names the run.
  void add(const std::string& title, const measure::FitResult& fit, const std::vector<std::string>& shown,
           bool controls, nlohmann::json results = nullptr, nlohmann::json spec = nlohmann::json::object(),
           bool in_table = true, const std::string& command = "tables");
  // Adds rows at the foot of the last column (e.g. a cross-group test).
  void append_stats(const std::vector<std::pair<std::string, std::string>>& rows);
  // Says a column was not estimated and why.
  void skip(const std::string& title, const std::string& why);
  void note(const std::string& text);
  void label(const std::string& name, const std::string& shown_as);
  size_t columns() const { return table_.fits.size(); }

  PaperTable finish();

 private:
  struct Panel {
    std::string title;
    std::vector<size_t> columns;
    std::function<std::string(measure::TableFormat)> render;
  };
  std::string render_panels(measure::TableFormat format) const;

  PanelContext& ctx_;
  PaperTable table_;
  std::vector<measure::FitResult> shown_;
  std::vector<Panel> panels_;
  std::map<std::string, std::string> labels_;
  std::map<std::string, std::string> collinear_;  // regressor -> the columns that dropped it
  int numbered_ = 0;
};

// Run `body`; a UserError it throws becomes a skipped column with the error as the reason.
void estimate_or_skip(TableAssembly& t, const std::string& title, const std::function<void()>& body);

// Adds the a-path column (mediator on the treatment and controls) and the b-path column (outcome on
// both, with the indirect effect and Sobel rows) of a three-step mediation estimated on `d`, titled
// "sample: mediator" and "sample: y with mediator" ("" = no sample prefix). Throws what mediate() throws.
void add_mediation(PanelContext& ctx, TableAssembly& t, const std::string& mediator, const measure::DataFrame& d,
                   const std::string& sample, const nlohmann::json& spec);

PaperTable table1_assignment(PanelContext& ctx);
PaperTable table2_baseline(PanelContext& ctx);
PaperTable table3_robustness(PanelContext& ctx);
PaperTable table4_endogeneity(PanelContext& ctx);
PaperTable table5_mechanisms(PanelContext& ctx);
PaperTable table6_channels(PanelContext& ctx);
PaperTable table7_heterogeneity(PanelContext& ctx);

}  // namespace tradedig::report::paper
