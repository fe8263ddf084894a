// Formulas derived from a user's formula (mediation paths, moderation with an interaction): the
// same fixed effects with another outcome or other terms, written back as fixest text so that each
// fit reports the formula it estimated.
#pragma once
#include <string>
#include <vector>

#include "measure/estimate.h"

namespace tradedig::measure {

// The right-hand-side terms of `f` as written ("x", "log(k)", "a:b", "i(year,ref=2002)").
std::vector<std::string> term_labels(const Formula& f);

// "lhs ~ t1 + t2 | fe1 + fe2^fe3" with the fixed effects (and a removed intercept) of `f`.
std::string rewrite_formula(const Formula& f, const std::string& lhs, const std::vector<std::string>& terms);

// Index of the term labelled `label` ("" = the first term) that must be a single numeric part
// (a variable or expression, not i() nor an interaction). Throws UserError naming `role` otherwise.
size_t plain_term_index(const Formula& f, const std::string& label, const std::string& role);

// The variables of cluster specifications ("firm", "prov^year" → firm, prov, year), for selecting
// the columns an estimation reads.
std::vector<std::string> cluster_variables(const std::vector<std::string>& clusters);

}  // namespace tradedig::measure
