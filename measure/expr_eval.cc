// Row-wise evaluation of formula expressions (log, I(), arithmetic) over a DataFrame.
#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "measure/estimate.h"
#include "util/error.h"

namespace tradedig::measure {
namespace {

std::string column_list(const DataFrame& d) {
  std::string out;
  size_t shown = 0;
  for (const auto& c : d.columns()) {
    if (shown++ == 30) return out + ", ...";
    out += (out.empty() ? "" : ", ") + c.name;
  }
  return out;
}

}  // namespace

std::vector<double> evaluate(const Expr& e, const DataFrame& d) {
  const size_t n = static_cast<size_t>(std::max<int64_t>(d.rows(), 0));
  switch (e.kind) {
    case Expr::Kind::kNumber:
      return std::vector<double>(n, e.number);
    case Expr::Kind::kVariable: {
      const Column* c = d.find(e.name);
      if (!c) throw UserError(fmt::format("Variable {} is not in the data (columns: {}).", e.name, column_list(d)));
      if (!c->numeric)
        throw UserError(fmt::format("Variable {} holds text, not numbers; use i({}) for its categories or a fixed effect.",
                                    e.name, e.name));
      return c->values;
    }
    case Expr::Kind::kUnary: {
      auto v = evaluate(*e.args[0], d);
      for (double& x : v) x = -x;
      return v;
    }
    case Expr::Kind::kBinary: {
      auto a = evaluate(*e.args[0], d);
      auto b = evaluate(*e.args[1], d);
      for (size_t i = 0; i < n; ++i) {
        switch (e.name[0]) {
          case '+': a[i] += b[i]; break;
          case '-': a[i] -= b[i]; break;
          case '*': a[i] *= b[i]; break;
          case '/': a[i] /= b[i]; break;
          default: a[i] = std::pow(a[i], b[i]); break;
        }
        if (!std::isfinite(a[i])) a[i] = std::numeric_limits<double>::quiet_NaN();
      }
      return a;
    }
    case Expr::Kind::kCall: {
      auto v = evaluate(*e.args[0], d);
      const std::string& f = e.name;
      for (double& x : v) {
        if (f == "log") x = std::log(x);
        else if (f == "exp") x = std::exp(x);
        else if (f == "sqrt") x = std::sqrt(x);
        else if (f == "abs") x = std::fabs(x);
        else if (f == "log1p") x = std::log1p(x);
        // Like fixest, log(0) = -Inf makes the observation unusable: treat it as missing.
        if (!std::isfinite(x)) x = std::numeric_limits<double>::quiet_NaN();
      }
      return v;
    }
  }
  return {};
}

}  // namespace tradedig::measure
