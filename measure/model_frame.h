// Internal to measure/: the estimation sample and the numerical pieces feols() is built from.
// Not part of the public contract (see measure/estimate.h).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "measure/estimate.h"

namespace tradedig::measure {

// A grouping of the estimation sample: fixed effect or cluster, codes dense in 0..levels-1.
struct Grouping {
  std::string name;
  std::vector<int32_t> codes;
  int32_t levels = 0;
};

// The estimation sample after dropping missing values and (optionally) singletons.
struct ModelFrame {
  Eigen::VectorXd y;
  Eigen::MatrixXd X;                   // column-major, one column per regressor
  std::vector<std::string> names;
  std::vector<Grouping> fixed_effects;
  std::vector<Grouping> clusters;
  Eigen::VectorXd w;                   // empty when unweighted
  std::vector<int64_t> rows;           // row of the DataFrame behind each observation
  std::vector<int> term_of_column;     // index into Formula::terms of each X column (-1 = intercept)
  int64_t n_missing = 0;
  int64_t n_singletons = 0;
};

// Evaluates the formula on `d`: checks every variable exists (UserError listing the columns
// otherwise), expands i() and interactions, combines `a^b` groups, drops incomplete rows and then
// singletons (iteratively, reghdfe) when opts.drop_singletons.
ModelFrame build_model_frame(const Formula& f, const DataFrame& d, const FitOptions& opts);

// Rows to keep so that no fixed-effect level has a single observation, removing iteratively until
// none remain (reghdfe; fixest's fixef.rm="singleton" does one pass only). `keep` is updated.
// With `frequency` weights (one per row) a level is a singleton when its weights sum to 1, i.e.
// when the expanded data has one observation there (reghdfe with fweights).
int64_t drop_singletons(const std::vector<std::vector<int32_t>>& fe_codes, const std::vector<int32_t>& fe_levels,
                        std::vector<char>& keep, const std::vector<double>* frequency = nullptr);

// Projects vectors onto the orthogonal complement of the fixed-effect dummies (W-weighted).
class FixedEffectProjector {
 public:
  FixedEffectProjector(const std::vector<Grouping>& fes, const Eigen::VectorXd& w);
  // Replaces v by its residual from all fixed effects: exact for one FE; for several, conjugate
  // gradient on (I - T) with T the symmetric Kaczmarz sweep (reghdfe's default transform and
  // acceleration). Stops when ||r_k|| <= tol * ||r_0||. Returns iterations; sets *converged.
  int demean(Eigen::Ref<Eigen::VectorXd> v, double tol, int max_iter, bool* converged) const;
  // The same for the columns of `m` at once (one CG per column, run in lock step), visiting each
  // observation's FE levels once per sweep for all columns: far fewer cache misses than one column
  // at a time. Columns are processed in chunks of `chunk` to bound the extra memory (5 copies).
  int demean_columns(Eigen::Ref<Eigen::MatrixXd> m, double tol, int max_iter, bool* converged, int chunk = 8) const;

 private:
  const std::vector<Grouping>& fes_;
  const Eigen::VectorXd& w_;
  std::vector<std::vector<double>> inv_weight_;  // 1 / (sum of weights) per FE level
  using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  void annihilate(size_t j, Eigen::Ref<Eigen::VectorXd> v) const;
  void annihilate_rows(size_t j, RowMatrix& v) const;
  void sweep_rows(RowMatrix& v) const;
  Eigen::VectorXd column_dots(const RowMatrix& a, const RowMatrix& b) const;
  int demean_chunk(RowMatrix& v, double tol, int max_iter, bool* converged) const;
  void sweep(Eigen::Ref<Eigen::VectorXd> v) const;  // v <- T v
  double dot(const Eigen::VectorXd& a, const Eigen::VectorXd& b) const;
};

// Exact within transformation for exactly two FE by sparse Cholesky (CHOLMOD, supernodal) of the
// Schur complement on the FE with fewer levels (demean_two_way.cc). ok() is false when the
// factorisation failed; callers then fall back to FixedEffectProjector.
class TwoWayDemeaner {
 public:
  TwoWayDemeaner(const Grouping& a, const Grouping& b, const Eigen::VectorXd& w);
  ~TwoWayDemeaner();
  bool ok() const { return ok_; }
  // Replaces y and every column of X by their residuals from both FE (all solved for at once).
  void demean(Eigen::Ref<Eigen::VectorXd> y, Eigen::Ref<Eigen::MatrixXd> X) const;

 private:
  struct Factor;
  const Grouping& big_;
  const Grouping& small_;
  const Eigen::VectorXd& w_;
  std::vector<double> inv_n1_;
  std::vector<int32_t> reduced_;  // small level -> row of S, -1 when pinned to zero
  std::unique_ptr<Factor> factor_;
  bool ok_ = false;
  void fill_rhs(const std::vector<double*>& cols, Eigen::Index n, Eigen::MatrixXd& rhs) const;
};

// True when every level of `fe` lies inside a single cluster of `cl` (reghdfe/fixest "nested").
bool is_nested(const Grouping& fe, const Grouping& cl);
// Connected components of the bipartite graph between two groupings (Abowd et al. mobility groups).
int64_t connected_components(const Grouping& a, const Grouping& b);
// The component root of every level of a (0..La-1) and then of b (La..La+Lb-1); sets *components.
std::vector<int32_t> mobility_groups(const Grouping& a, const Grouping& b, int64_t* components);

// FE degrees of freedom by reghdfe's DoF.mata rules; fills info and returns df_a.
double absorbed_dof(const std::vector<Grouping>& fes, const std::vector<Grouping>& clusters,
                    std::vector<FixedEffectInfo>* info);

// Replaces y and every column of X by their residuals from the fixed effects (exact for one or two
// FE, CG-accelerated alternating projections for more); records the method, iterations and
// convergence (with a message when it failed) in r. Does nothing without FE.
void partial_out_fixed_effects(const std::vector<Grouping>& fes, const Eigen::VectorXd& w, const FitOptions& opts,
                               Eigen::VectorXd& y, Eigen::MatrixXd& X, FitResult& r);

// Indices of the columns of a cross-product matrix X'WX kept by a sequential rank-revealing
// Cholesky (fixest's collin.tol rule, in the order given); *within_fe flags columns whose sum of
// squares vanished relative to raw_ss (constant within the fixed effects).
std::vector<Eigen::Index> independent_columns(const Eigen::MatrixXd& xtx, const Eigen::VectorXd& raw_ss, double tol,
                                              std::vector<bool>* within_fe);

// Sets r.nobs, r.n_singletons and r.n_missing from the sample, with a note when singletons went.
void describe_sample(const ModelFrame& mf, FitResult& r);
// Σ w_i a_i b_i (plain dot product when w is empty).
double weighted_dot(Eigen::Ref<const Eigen::VectorXd> a, Eigen::Ref<const Eigen::VectorXd> b, const Eigen::VectorXd& w);
// X' diag(d) X (X'X when d is empty), accumulated over blocks of rows: no copy of X is made.
Eigen::MatrixXd weighted_crossprod(const Eigen::MatrixXd& X, const Eigen::VectorXd& d);
// Fills r.se, r.t, r.p and the 95% interval from r.coef, r.vcov and r.df_resid (t distribution).
void fill_inference(FitResult& r);
// Wald F that the coefficients at `idx` are jointly zero, with r.vcov: b'V⁻¹b / q.
double wald_f(const FitResult& r, const std::vector<Eigen::Index>& idx);
// R², adjusted and within R² as fixest reports them (from r.rss, r.tss, r.tss_within, the number
// of coefficients and the FE levels), and the Wald F (r.f_stat, r.f_p) that all slopes are zero.
void fill_fit_statistics(FitResult& r, const std::vector<Grouping>& fes);

// Inputs of the variance estimator.
struct VcovInput {
  const Eigen::MatrixXd* X = nullptr;  // demeaned kept regressors
  const Eigen::VectorXd* e = nullptr;  // residuals
  const Eigen::VectorXd* w = nullptr;  // weights or empty
  Eigen::MatrixXd bread;               // (X'WX)^-1
  const std::vector<Grouping>* clusters = nullptr;
  VcovType type = VcovType::kIid;
  double df_a = 0;
  bool any_nested = false;
  bool small_sample = true;
  // `w` are frequency weights: N = Σw for the small-sample factors and the HC1 meat is
  // Σ w_i e_i² x_i x_i' (the expanded data's), not the analytic Σ w_i² e_i² x_i x_i'.
  bool frequency_weights = false;
};
// Σ_g s_g s_g' for the scores s_i = x_i·we_i (rows of X times we) summed within the clusters;
// several cluster dimensions combine by inclusion–exclusion (Cameron, Gelbach & Miller 2011).
// Sets *n_clusters to the groups of each dimension. Used by compute_vcov and the IV rank tests.
Eigen::MatrixXd cluster_meat(const Eigen::MatrixXd& X, const Eigen::VectorXd& we, const std::vector<Grouping>& clusters,
                             std::vector<int64_t>* n_clusters);
// Fills r.vcov, r.df_resid, r.vcov_type, r.n_clusters (and a message when the multiway matrix was
// not positive semi-definite and was fixed à la Cameron–Gelbach–Miller).
void compute_vcov(const VcovInput& in, FitResult& r);

// Upper tail P(F > f) of the F(df1, df2) distribution (student_t.cc).
double f_upper_p(double f, double df1, double df2);

}  // namespace tradedig::measure
