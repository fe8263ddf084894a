// `tradedig demo`: the whole pipeline offline on the embedded sample. It writes the SYNTHETIC demo
// world (pipeline/demo_world.h: the sample's real listed-firm names with simulated platform
// memberships, ICP filings, domains, customs and survey data), serves its pages on 127.0.0.1 with
// the replay server, writes a tradedig.toml that points every source there with relaxed
// politeness (the server is ours), and runs `tradedig run` on it. At the end it compares Table 2's
// lndig coefficient with the planted effect.
#pragma once
#include <functional>
#include <string>

#include "pipeline/run_pipeline.h"

namespace tradedig::pipeline {

struct DemoOptions {
  std::string out_dir = "tradedig-demo";
  std::string sample_dir;        // holds firms_astock_2021.csv
  std::string profiles_dir;      // the shipped profiles
  std::string measure_data_dir;  // measure/data
  std::string tool_version;
  int64_t firms_limit = 0;       // > 0: only the first N sample firms
  bool progress = true;
  std::function<void(const std::string&)> say;
};

struct DemoResult {
  RunResult run;
  std::string config_path;
  double planted = 0;                  // the planted effect of lndig on log quality
  bool have_estimate = false;          // Table 2 column (1) was estimated
  double estimate = 0, ci_low = 0, ci_high = 0;  // its lndig coefficient and 95% CI
};

// Throws UserError when the sample or the profiles are missing or the output folder is unwritable.
DemoResult run_demo(const DemoOptions& opt);

}  // namespace tradedig::pipeline
