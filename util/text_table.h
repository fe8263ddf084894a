// Plain-text tables aligned for a terminal (CJK-aware widths), as printed by `tradedig sql`.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace tradedig {

struct TextTableOptions {
  size_t max_cell_width = 40;  // longer cells are cut with "…"
  std::string null_text = "NULL";
};

// Renders a header, a rule and the rows; `right_align[i]` right-aligns column i (numbers).
std::string render_text_table(const std::vector<std::string>& header,
                              const std::vector<std::vector<std::optional<std::string>>>& rows,
                              const std::vector<bool>& right_align, const TextTableOptions& opts = {});

}  // namespace tradedig
