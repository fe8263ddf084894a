// Formula text rebuilt from parsed terms; labels are spans of the original text, so they parse back.
#include <fmt/format.h>

#include "measure/formula_rewrite.h"
#include "util/error.h"

namespace tradedig::measure {

std::vector<std::string> term_labels(const Formula& f) {
  std::vector<std::string> out;
  for (const auto& t : f.terms) out.push_back(t.label);
  return out;
}

std::string rewrite_formula(const Formula& f, const std::string& lhs, const std::vector<std::string>& terms) {
  std::string text = lhs + " ~ ";
  for (size_t j = 0; j < terms.size(); ++j) text += (j ? " + " : "") + terms[j];
  if (terms.empty()) text += "1";
  if (!f.intercept) text += " + 0";
  for (size_t g = 0; g < f.fixed_effects.size(); ++g) {
    text += g ? " + " : " | ";
    for (size_t v = 0; v < f.fixed_effects[g].size(); ++v) text += (v ? "^" : "") + f.fixed_effects[g][v];
  }
  return text;
}

size_t plain_term_index(const Formula& f, const std::string& label, const std::string& role) {
  if (f.terms.empty()) throw UserError(fmt::format("The formula {} has no {} term.", f.text, role));
  size_t j = 0;
  if (!label.empty()) {
    while (j < f.terms.size() && f.terms[j].label != label) ++j;
    if (j == f.terms.size())
      throw UserError(fmt::format("The {} {} is not a term of the formula {}.", role, label, f.text));
  }
  const Term& t = f.terms[j];
  if (t.parts.size() != 1 || t.parts[0].is_factor)
    throw UserError(fmt::format(
        "The {} {} must be a single numeric variable or expression, not a factor or an interaction.", role, t.label));
  return j;
}

std::vector<std::string> cluster_variables(const std::vector<std::string>& clusters) {
  std::vector<std::string> out;
  for (const auto& c : clusters) {
    size_t start = 0;
    for (size_t k = 0; k <= c.size(); ++k)
      if (k == c.size() || c[k] == '^') {
        out.push_back(c.substr(start, k - start));
        start = k + 1;
      }
  }
  return out;
}

}  // namespace tradedig::measure
