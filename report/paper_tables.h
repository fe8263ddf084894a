// The tables of paper 003 (Yu & Yin; METHODS.md §1–§4), estimated on a store's analysis panel in one
// call: what `tradedig tables` prints and the report's "Paper tables" section shows.
//
//   Table 1  digitization assignment: firm-years and firms in each of the eight dig_tr cases
//            (dig_tr = 1 + 4·pit + 2·icp + pdo) from the store's `digitization` table, and the
//            firm-years of each case in the panel with the dependent variable
//   Table 2  baseline, columns built up as in the paper:
//            (1) y ~ lndig, no FE; (2) + basic controls | firm + year; (3) basic | firm + prov^ind^year;
//            (4) + supply capacity (lninn, lntfp); (5) + destination market (lnpgp, lngdp);
//            (6) + information cost (lnsdp)
//   Table 3  robustness with the full specification (6): lndigs instead of lndig; every other quality
//            variant of `quality_variants` as the outcome; each sub-period; and the PSM-DID event study
//            (firms first digitized in year E vs never digitized, matched on basic controls in their
//            first panel year) shown as a second panel
//   Table 4  endogeneity: Heckman (probit of EDU = "exports this year" on lndig and the survey
//            controls, then the outcome with the inverse Mills ratio, SEs not corrected for the
//            first step); 2SLS with lagged lndig (lndig_l1) and with dig_ivt, the leave-one-out share
//            of digitized firms (dig_tr > 1) in the firm's province × industry × year, each with
//            KP rk LM and Cragg–Donald Wald F; and the omitted variable `dpi` when the data have it
//   Table 5  mechanisms: three-step mediation (a-path M ~ lndig, b-path y ~ lndig + M; indirect
//            effect a·b, Sobel test) for each mediator, flex also in each sub-period; moderation
//            y ~ lndig × MOD for each moderator
//   Table 6  the channels pit, pdo, icp in one regression (and with dpi when present)
//   Table 7  heterogeneity: for each split (small_micro, cap_intensive, startup, ordinary_trade) and
//            each group, the `split_mediator` mediation (a-path and b-path; plain outcome regression
//            when the mediator is absent), with the cross-group test of the lndig coefficient of
//            the outcome equation (SUR/suest χ² and the interacted-model Chow F, measure/group_tests.h)
//
// Conventions: standard errors clustered by `cluster`; singletons dropped (reghdfe); the main fixed
// effects are firm + province^industry^year, or firm + year when the data have no province or
// industry (said in the notes). Controls absent from the data (or missing in every row) are left out
// with a note; a column whose defining variable is absent (a quality variant, dpi, a mediator, a
// split) or that cannot be estimated is skipped with a note naming the reason — never an exception.
// Tables 3–7 show the coefficients of interest and a "Controls" row; the full fits are in `fits`.
//
// Runs: with `record_runs`, every estimated column is a row of the store's `runs` (command "tables",
// spec with "formula", "data", "cluster", "table" = "Table N", "title" = the column title; results =
// measure::to_json of the fit, as `regress` records), so `tradedig report` lists it; the event study
// is recorded as command "estimate event-study" with its "path" (report/model_runs.h draws it).
//
// Example:
//   PaperTablesOptions o;  o.tables = {2, 4};
//   for (const PaperTable& t : build_paper_tables(store, o)) std::fputs(t.text.c_str(), stdout);
//
// Errors: UserError when `data` is neither a file nor a table/view of the store, when a table number
// is not 1–7, or when the data have no firm or year values. A missing dependent variable or
// treatment is not an error: every regression table then says so in its notes.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "db/connection.h"
#include "measure/estimate.h"

namespace tradedig::report {

struct PaperTablesOptions {
  std::vector<int> tables = {1, 2, 3, 4, 5, 6, 7};
  std::string depvar = "QKL";  // the main quality variable (the paper's QSY)
  // Table 3's alternative outcomes: those present in the data, other than `depvar`.
  std::vector<std::string> quality_variants = {"QKL", "QBW", "QLP", "QOP", "QSY"};
  std::string cluster = "firm_id";
  std::string data = "v_firm_year_panel";  // a table/view of the store, or a CSV/.dta file
  std::vector<std::pair<int, int>> sub_periods = {{2002, 2007}, {2008, 2015}};
  std::string firm = "firm_id", year = "year", province = "province", industry = "industry";
  std::string treatment = "lndig", treatment_years = "lndigs";  // Table 3 col (1) replaces one by the other
  // Control blocks added column by column in Table 2; Tables 3–7 use all of them.
  std::vector<std::string> basic_controls = {"lnsca", "lnage", "lncap", "lnpwa", "lnfir", "lnpro", "foe"};
  std::vector<std::string> supply_controls = {"lninn", "lntfp"};
  std::vector<std::string> destination_controls = {"lnpgp", "lngdp"};
  std::vector<std::string> information_controls = {"lnsdp"};
  std::string export_value = "export_value";  // EDU = export_value > 0 (Table 4 Heckman)
  std::string omitted_variable = "dpi";       // Table 4 col (5), Table 6 col (2)
  std::vector<std::string> channels = {"pit", "pdo", "icp"};
  std::vector<std::string> mediators = {"lntfp", "lninn", "flex", "lncnpd"};
  std::string period_mediator = "flex";  // Table 5: also mediated in each sub-period
  std::vector<std::string> moderators = {"lnsdp", "dpi"};
  std::vector<std::string> splits = {"small_micro", "cap_intensive", "startup", "ordinary_trade"};
  std::string split_mediator = "flex";
  bool event_study = true;  // Table 3's PSM-DID event study
  int event_leads = 4, event_lags = 4;
  int digits = 4;
  bool record_runs = true;
};

struct PaperTable {
  int number = 0;
  std::string title;
  std::vector<std::string> column_titles;   // "(1) QBW", ... one per fit ("PSM-DID event study": no number)
  std::vector<measure::FitResult> fits;     // every estimated model, full (all coefficients); Table 3's
                                            // event study is the one fit shown as a path, not a column
  std::vector<int64_t> run_ids;             // the run recording each fit (-1 when not recorded)
  std::vector<std::string> notes;           // columns skipped and why, controls left out, FE used
  std::string text, markdown, latex, html;  // the whole table: title, panels, notes
};

// Builds the requested tables in increasing order. See the conventions above.
std::vector<PaperTable> build_paper_tables(db::Connection& store, const PaperTablesOptions& opt);

// Parses "1-7", "2,4", "2-4,7" into sorted table numbers. Throws UserError for anything outside 1–7.
std::vector<int> parse_table_numbers(const std::string& text);

// One table in `format` (text, md, tex, html; csv gives the text form).
const std::string& paper_table_in(const PaperTable& t, measure::TableFormat format);

}  // namespace tradedig::report
