#include "cli/estimate_options.h"

#include <fmt/format.h>

#include "util/error.h"

namespace tradedig::cli {

void add_fit_options(CLI::App& cmd, FitArgs& a) {
  cmd.add_option("--cluster", a.cluster, "Cluster variable(s); several = multiway (a^b for an interaction)");
  cmd.add_option("--vcov", a.vcov, "Without --cluster: iid | hc1")->capture_default_str();
  cmd.add_flag("--keep-singletons", a.keep_singletons, "Keep singleton observations (fixest's default)");
  cmd.add_option("--tolerance", a.tolerance, "Demeaning tolerance (relative CG residual)")->capture_default_str();
}

measure::FitOptions fit_options(const FitArgs& a) {
  measure::FitOptions o;
  o.cluster = a.cluster;
  o.drop_singletons = !a.keep_singletons;
  o.tolerance = a.tolerance;
  if (a.vcov == "hc1" || a.vcov == "hetero" || a.vcov == "robust") o.vcov = measure::VcovType::kHetero;
  else if (a.vcov != "iid")
    throw UserError(fmt::format("Unknown --vcov {}; use iid or hc1 (or --cluster VAR).", a.vcov));
  return o;
}

nlohmann::json fit_spec(const FitArgs& a) {
  return {
      {"cluster", a.cluster}, {"vcov", a.vcov}, {"drop_singletons", !a.keep_singletons}, {"tolerance", a.tolerance}};
}

}  // namespace tradedig::cli
