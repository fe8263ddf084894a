// The methods of `tradedig estimate` (cmd_estimate.cc registers each on the `estimate` command).
// One file per method: cli/cmd_estimate_<method>.cc.
#pragma once
#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace tradedig::cli {

void register_estimate_methods(CLI::App& estimate, Globals& g);
void add_estimate_gmm(CLI::App& estimate, Globals& g);

void add_estimate_binary(CLI::App& estimate, Globals& g);   // probit, logit
void add_estimate_heckman(CLI::App& estimate, Globals& g);

void add_estimate_hausman(CLI::App& estimate, Globals& g);
void add_estimate_groups(CLI::App& estimate, Globals& g);
void add_estimate_entropy(CLI::App& estimate, Globals& g);

void add_estimate_mediation(CLI::App& estimate, Globals& g);
void add_estimate_moderation(CLI::App& estimate, Globals& g);
void add_estimate_tfp(CLI::App& estimate, Globals& g);

void add_estimate_psm(CLI::App& estimate, Globals& g);
void add_estimate_event_study(CLI::App& estimate, Globals& g);

}  // namespace tradedig::cli
