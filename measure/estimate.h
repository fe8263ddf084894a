// The estimation engine: data frames, fixest-style formulas, OLS with high-dimensional fixed
// effects (HDFE), reghdfe/fixest inference and paper-ready regression tables.
//
// Typical use:
//   DataFrame d = load_data("panel.csv");
//   FitResult r = feols(parse_formula("y ~ x1 + x2 | firm + prov^ind^year"), d, {.cluster = {"firm"}});
//   std::string t = render_table({r}, TableFormat::kLatex);
//
// Errors: every function throws tradedig::UserError (one sentence) for bad input — an unknown
// variable, a malformed formula, a missing file or table, an empty estimation sample. Anything else
// that escapes is a bug.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

namespace tradedig::db {
class Connection;
}

namespace tradedig::measure {

// ---------------------------------------------------------------- data

// One column: numeric columns hold doubles (NaN = missing); text columns hold dense integer codes
// (-1 = missing) into `levels`, assigned in order of first appearance.
struct Column {
  std::string name;
  bool numeric = true;
  std::vector<double> values;       // numeric columns only
  std::vector<int32_t> codes;       // text columns only
  std::vector<std::string> levels;  // text columns only
};

// A table held in memory, one vector per column (column-major).
class DataFrame {
 public:
  int64_t rows() const { return rows_; }
  const std::vector<Column>& columns() const { return columns_; }
  // The column called `name`, or nullptr.
  const Column* find(const std::string& name) const;
  // Adds a column parsed from text cells: numeric when every non-empty cell is a number ("NA",
  // "." and "" are missing), else factorised. All columns must have the same length.
  void add_text_column(const std::string& name, const std::vector<std::string>& cells);
  // Adds a numeric column, or replaces the column of that name.
  void add_numeric_column(const std::string& name, std::vector<double> values);
  // Adds a built column, or replaces the column of that name.
  void add_column(Column c);

 private:
  int64_t rows_ = -1;
  std::vector<Column> columns_;
};

// Reads a CSV/TSV or Stata .dta file (db/table_reader.h). Throws UserError if it cannot be read.
DataFrame load_file(const std::string& path);
// Reads a table or view of an open store. Throws UserError if `name` is neither.
DataFrame load_store_table(const db::Connection& c, const std::string& name);
// `source` is a file path when such a file exists, otherwise a table/view of the store at `db_path`.
DataFrame load_data(const std::string& source, const std::string& db_path);

// Dense codes 0..levels-1 for a column used as a fixed effect or cluster (numbers are grouped by
// exact value); -1 = missing. Sets *n_levels.
std::vector<int32_t> factor_codes(const Column& c, int32_t* n_levels);

// ---------------------------------------------------------------- formula

// A node of an arithmetic expression over columns: `x`, `log(x)`, `I(x^2)`, `exp(a/b)`, `3.5`.
struct Expr {
  enum class Kind { kVariable, kNumber, kUnary, kBinary, kCall } kind = Kind::kNumber;
  std::string name;  // variable, function name, or operator ("+", "-", "*", "/", "^", "neg")
  double number = 0;
  std::vector<std::shared_ptr<Expr>> args;
};
using ExprPtr = std::shared_ptr<Expr>;

// One factor of a right-hand-side term: a numeric expression, or `i(var)` / `i(var, ref = level)`
// expanded into one dummy per level except the reference (default: the first level).
struct TermPart {
  bool is_factor = false;
  ExprPtr expr;              // when !is_factor
  std::string factor_var;    // when is_factor
  std::string factor_ref;    // reference level ("" = first)
  std::string label;         // as written, e.g. "log(x)"
};

// A right-hand-side term: the product of its parts (`a:b`).
struct Term {
  std::vector<TermPart> parts;
  std::string label;  // "a:b"
};

// A parsed `y ~ x1 + x2:x3 + i(year) | fe1 + fe2^fe3 | endog ~ inst` formula.
struct Formula {
  std::string text;                  // as given
  ExprPtr lhs;
  std::string lhs_label;
  std::vector<Term> terms;           // `a*b` is expanded to a + b + a:b
  bool intercept = true;             // `+ 0` / `- 1` remove it (ignored when there are FE)
  std::vector<std::vector<std::string>> fixed_effects;  // each: variables joined by ^
  bool has_iv = false;               // an IV part was given (estimated by feiv(), measure/iv.h)
  std::vector<Term> endogenous;      // IV part, left of its '~'
  std::vector<Term> instruments;     // IV part, right of its '~': the excluded instruments
};

// Parses fixest syntax. Throws UserError naming the position of a syntax error.
Formula parse_formula(const std::string& text);
// Every variable the formula reads (for checking against a DataFrame and for loading).
std::vector<std::string> formula_variables(const Formula& f);
// Evaluates an expression row by row; missing inputs and log of non-positive numbers give NaN.
// Throws UserError for an unknown variable or a text column used as a number.
std::vector<double> evaluate(const Expr& e, const DataFrame& d);

// ---------------------------------------------------------------- estimation

enum class VcovType { kIid, kHetero, kCluster };

// How a weights column is read. Analytic weights (Stata aweight, fixest `weights`) are inverse
// variances: N is the number of rows. Frequency weights (Stata fweight) are replication counts:
// a row with weight 3 stands for three identical observations, so N, the residual degrees of
// freedom, the small-sample factors and the HC1 meat are those of the expanded data (cluster counts
// stay the number of clusters, as in `reg y x [fw=w]` and reghdfe). Frequency weights must be
// whole numbers; only feols() honours them.
enum class WeightType { kAnalytic, kFrequency };

struct FitOptions {
  std::vector<std::string> cluster;  // one or more cluster variables (multi-way); sets kCluster
  VcovType vcov = VcovType::kIid;    // used when `cluster` is empty
  std::string weights;               // weights column ("" = none), read as `weight_type`
  WeightType weight_type = WeightType::kAnalytic;
  bool drop_singletons = true;       // reghdfe default; false = fixest default (keep them)
  // Demeaning: one FE is a closed form and two FE a sparse direct solve (exact to rounding); three
  // or more use CG-accelerated alternating projections, stopped when the CG residual has shrunk
  // by `tolerance` (1e-12 keeps coefficients and SEs within ~1e-9 of the exact solution on the
  // reference data); non-convergence within `max_iterations` is reported in messages.
  double tolerance = 1e-12;
  int max_iterations = 20000;
  double collinearity_tol = 1e-9;    // relative pivot below which a regressor is dropped (fixest)
  bool small_sample = true;          // false: no N/(N-K) nor G/(G-1) factors (fixest ssc(adj=F, cluster.adj=F))
};

// The fixed-effect bookkeeping behind the degrees of freedom.
struct FixedEffectInfo {
  std::string name;                  // "prov^ind^year"
  int64_t levels = 0;                // levels in the estimation sample
  bool nested_in_cluster = false;    // every level inside one cluster → absorbs no DoF (reghdfe)
  int64_t redundant = 0;             // coefficients not identified (reghdfe DoF.mata rules)
};

struct FitResult {
  std::string formula;
  std::vector<std::string> names;    // kept regressors
  Eigen::VectorXd coef;
  Eigen::MatrixXd vcov;
  Eigen::VectorXd se, t, p, ci_low, ci_high;  // 95% intervals
  std::vector<std::string> dropped_collinear;
  std::vector<std::string> messages;          // notes for the user (drops, convergence)
  int64_t nobs = 0;                           // with frequency weights, their sum
  int64_t n_singletons = 0;                   // observations removed as singletons
  int64_t n_missing = 0;                      // observations removed for missing values
  std::vector<FixedEffectInfo> fixed_effects;
  double df_a = 0;                            // reghdfe e(df_a): FE coefficients estimated
  double df_resid = 0;                        // t/F denominator df (G_min-1 when clustered)
  std::string vcov_type;                      // "iid", "HC1", "cluster(firm)", ...
  std::vector<int64_t> n_clusters;
  double rss = 0, tss = 0, tss_within = 0;
  double r2 = 0, adj_r2 = 0, within_r2 = 0, within_adj_r2 = 0;
  double f_stat = 0, f_p = 0;                 // Wald F that all coefficients are zero
  std::string demean_method;                  // closed form / sparse Cholesky / CG
  int demean_iterations = 0;                  // max CG iterations over variables (0 = direct)
  bool converged = true;
  // Wall seconds of the fit's phases, in order: {"model frame", 0.31}, {"fixed effects", 0.42},
  // {"solve and vcov", 0.05} (feols; other estimators may leave it empty).
  std::vector<std::pair<std::string, double>> seconds;
  std::string estimator = "OLS";              // "2SLS", "Probit", "Heckman two-step", ...
  // Rows shown at the foot of a table after N and R², in this order, already formatted (e.g.
  // {"First-stage F", "244.73"}); models without a row show it empty. Also written by to_json().
  std::vector<std::pair<std::string, std::string>> extra_stats;
};

// Fits OLS with absorbed fixed effects. Throws UserError for unknown variables, an IV part (see
// feiv() in measure/iv.h), or an empty sample.
FitResult feols(const Formula& f, const DataFrame& d, const FitOptions& opts = {});

// Student-t upper-tail helpers (df = +inf allowed): two-sided p-value and quantile.
double t_two_sided_p(double t, double df);
double t_quantile(double p, double df);
// Upper tail P(X > x) of the chi-squared distribution with `df` degrees of freedom.
double chi2_upper_p(double x, double df);
// Standard normal density, distribution function and quantile (Φ⁻¹(p), p in (0, 1)).
double normal_pdf(double z);
double normal_cdf(double z);
double normal_quantile(double p);

// Full-precision machine-readable results (coefficients, SEs, VCOV, N, df, FE, singletons).
nlohmann::json to_json(const FitResult& r);
// The inverse of to_json for what tables and plots need (names, coefficients, VCOV and SEs,
// statistics, FE, extra rows). Throws UserError when `j` is not a to_json object.
FitResult fit_from_json(const nlohmann::json& j);

// ---------------------------------------------------------------- tables

enum class TableFormat { kText, kMarkdown, kLatex, kCsv, kHtml };

struct TableOptions {
  int digits = 4;                    // decimals for coefficients and SEs
  std::vector<std::string> model_titles;  // default "(1)", "(2)", ...
  // Variable name (or a whole coefficient name such as "log(x)" or "(Intercept)") → label shown
  // instead of it, as esttab's `label` and etable's `dict`. A coefficient named exactly as a key
  // takes that label; otherwise each factor of an interaction `a:b` is labelled on its own and
  // joined by " × ", and an i() dummy "var::level" becomes "label(var) = level". Names without
  // any labelled part are shown as they are. See measure/variable_labels.h for reading labels.
  std::map<std::string, std::string> labels = {};
  // A first row "Dependent variable" with each model's left-hand side (labelled), as etable.
  bool show_depvar = false;
};

// Parses "text" | "md" | "tex" | "csv" | "html". Throws UserError otherwise.
TableFormat parse_table_format(const std::string& name);
// Several models side by side like esttab/etable: an optional "Dependent variable" row, stars * 10% ** 5% *** 1%, SEs in parentheses,
// one "X FE: Yes" row per fixed effect, N, adjusted R² (blank when NaN, e.g. for probit), within
// R², then each model's extra_stats rows.
std::string render_table(const std::vector<FitResult>& models, TableFormat format, const TableOptions& opts = {});

}  // namespace tradedig::measure
