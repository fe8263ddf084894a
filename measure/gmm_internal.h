// Internal to measure/: the pieces panel_gmm() is built from (see measure/panel_gmm.h for the
// contract). Periods are 0-based here; pgmm's 1-based period t is period t-1.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "measure/estimate.h"
#include "measure/panel_gmm.h"

namespace tradedig::measure {

// ---------------------------------------------------------------- formula (gmm_formula.cc)

// `lag(expr, lags)` or a bare `expr` (lag 0) of a dynamic formula.
struct LaggedTerm {
  std::string label;        // expr without spaces, e.g. "log(emp)"; identifies the variable
  ExprPtr expr;
  std::vector<int> lags;    // in the order written; GMM instruments: every lag in [min, max]
};

struct DynamicFormula {
  std::string text;
  std::string lhs_label;
  ExprPtr lhs;
  std::vector<LaggedTerm> regressors;   // part 1
  std::vector<LaggedTerm> gmm;          // part 2
  std::vector<LaggedTerm> iv;           // part 3, or pgmm's default (model variables not in part 2)
};

// Parses pgmm syntax. Throws UserError naming the offending piece.
DynamicFormula parse_dynamic_formula(const std::string& text);

// ---------------------------------------------------------------- data (gmm_instruments.cc)

// The variables on a balanced individual × period grid (NaN where missing).
struct GmmPanel {
  int64_t n = 0;                              // individuals
  int T = 0;                                  // periods
  std::vector<std::string> period_labels;     // sorted distinct values of the time variable
  std::vector<std::string> series_labels;     // one per distinct expression
  std::vector<std::vector<double>> series;    // series[v][i * T + t]
  int series_index(const std::string& label) const;
};

// Evaluates every expression of `f` and places it on the grid. Throws UserError for unknown
// variables or a duplicated (id, time) pair.
GmmPanel build_gmm_panel(const DynamicFormula& f, const DataFrame& d, const std::string& id, const std::string& time);

// The equations and instruments of one individual, laid out as in pgmm: differenced equations for
// periods tl1..T-1, then (system GMM) level equations for periods tl1-1..T-1.
class GmmDesign {
 public:
  GmmDesign(const DynamicFormula& f, const GmmPanel& p, const GmmOptions& o);
  int rows() const { return nd_ + nl_; }
  int diff_rows() const { return nd_; }
  Eigen::Index k_main() const { return k_main_; }                  // model regressors
  Eigen::Index k_total() const { return Eigen::Index(names_.size()); }  // plus time dummies
  Eigen::Index instruments() const { return n_inst_; }
  const std::vector<std::string>& coef_names() const { return names_; }
  Eigen::Index first_tested_time_dummy() const { return first_tested_dummy_; }  // skips the intercept
  // The weight matrix H of the errors of one individual's equations (pgmm's A1 building block).
  const Eigen::MatrixXd& H() const { return H_; }
  // Fills outcome, regressors and instruments of individual i; equations with a missing outcome
  // or regressor are zero rows. Returns the number of equations used.
  int fill(int64_t i, Eigen::VectorXd& y, Eigen::MatrixXd& X, Eigen::MatrixXd& Z) const;

 private:
  // One nonzero cell of the instrument matrix: the level or first difference of a series at a
  // period, or a constant (time dummies).
  struct Cell {
    int row, col, series, period;
    bool diff;
    double constant;
  };
  struct Regressor {
    int series, lag;
  };
  const GmmPanel& panel_;
  int tl1_ = 0, nd_ = 0, nl_ = 0, y_series_ = 0;
  Eigen::Index k_main_ = 0, n_inst_ = 0, first_tested_dummy_ = 0;
  std::vector<Regressor> regressors_;
  std::vector<std::string> names_;
  std::vector<Cell> dummy_cells_;   // time dummies as regressors (X)
  std::vector<Cell> inst_cells_;    // instruments (Z)
  Eigen::MatrixXd H_;
  double value(int64_t i, int series, int period, bool diff) const;
  int add_column() { return static_cast<int>(n_inst_++); }
  void add_gmm_block(const LaggedTerm& g, int series, const GmmOptions& o);
  void add_time_dummies(bool system, const std::string& time_name);
};

// ---------------------------------------------------------------- tests (gmm_tests.cc)

// What the specification tests need from a fit, summed over individuals where marked Σ.
struct GmmMoments {
  const GmmDesign* design = nullptr;
  Eigen::VectorXd coef;          // final coefficients
  Eigen::MatrixXd ZX;            // Σ Z_i'X_i
  Eigen::VectorXd Zy;            // Σ Z_i'y_i
  Eigen::MatrixXd weight;        // the weighting matrix of the final step (A1 or A2)
  Eigen::MatrixXd weight2;       // A2, the two-step weighting matrix (for the Sargan–Hansen test)
  Eigen::MatrixXd bread;         // (ZX' weight ZX)⁻¹, pgmm's non-robust vcov
  Eigen::MatrixXd vcov;          // the reported VCOV (robust or not)
  int64_t n = 0;                 // individuals
};

// pgmm sargan(): z'A₂z with z = Σ Z_i'e_i at the final coefficients; df = instruments − coefficients.
GmmTest sargan_hansen_test(const GmmMoments& m);
// pgmm mtest(): Arellano–Bond test of order `order` on the differenced residuals.
GmmTest arellano_bond_test(const GmmMoments& m, int order);
// Wald χ² that coefficients [begin, end) are all zero, with the reported VCOV.
GmmTest wald_zero_test(const Eigen::VectorXd& coef, const Eigen::MatrixXd& vcov, Eigen::Index begin, Eigen::Index end);

}  // namespace tradedig::measure
