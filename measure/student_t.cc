// Student-t and F tail probabilities through the regularized incomplete beta function, evaluated
// by its continued fraction (modified Lentz); quantiles by bisection on the tail probability.
#include <algorithm>
#include <cmath>
#include <limits>

#include "measure/model_frame.h"

namespace tradedig::measure {
namespace {

// Continued fraction for I_x(a, b), valid for x < (a + 1) / (a + b + 2).
double beta_fraction(double a, double b, double x) {
  const double tiny = 1e-300;
  double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0);
  if (std::fabs(d) < tiny) d = tiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= 10000; ++m) {
    const double m2 = 2.0 * m;
    double num = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
    for (int step = 0; step < 2; ++step) {
      d = 1.0 + num * d;
      if (std::fabs(d) < tiny) d = tiny;
      c = 1.0 + num / c;
      if (std::fabs(c) < tiny) c = tiny;
      d = 1.0 / d;
      h *= d * c;
      if (step == 0) num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
    }
    if (std::fabs(d * c - 1.0) < 1e-16) break;
  }
  return h;
}

double incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double log_front = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  if (x < (a + 1.0) / (a + b + 2.0)) return std::exp(log_front) * beta_fraction(a, b, x) / a;
  return 1.0 - std::exp(log_front) * beta_fraction(b, a, 1.0 - x) / b;
}

}  // namespace

double t_two_sided_p(double t, double df) {
  if (std::isnan(t)) return std::numeric_limits<double>::quiet_NaN();
  if (!std::isfinite(df) || df > 1e10) return std::erfc(std::fabs(t) / std::sqrt(2.0));
  return incomplete_beta(df / 2.0, 0.5, df / (df + t * t));
}

double f_upper_p(double f, double df1, double df2) {
  if (!(f > 0)) return 1.0;
  return incomplete_beta(df2 / 2.0, df1 / 2.0, df2 / (df2 + df1 * f));
}

double t_quantile(double p, double df) {
  // Returns q with P(T <= q) = p; the two-sided tail at q is 2(1 - p) for p > 1/2.
  if (p == 0.5) return 0;
  const double tail = 2.0 * std::min(p, 1.0 - p);
  double lo = 0, hi = 1;
  while (t_two_sided_p(hi, df) > tail) hi *= 2;
  for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (t_two_sided_p(mid, df) > tail) lo = mid;
    else hi = mid;
  }
  const double q = 0.5 * (lo + hi);
  return p > 0.5 ? q : -q;
}

}  // namespace tradedig::measure
