#include "util/text_table.h"

#include <algorithm>

#include "util/display_width.h"

namespace tradedig {

std::string render_text_table(const std::vector<std::string>& header,
                              const std::vector<std::vector<std::optional<std::string>>>& rows,
                              const std::vector<bool>& right_align, const TextTableOptions& opts) {
  const size_t n = header.size();
  std::vector<std::vector<std::string>> cells;
  cells.reserve(rows.size());
  std::vector<size_t> width(n, 0);
  for (size_t j = 0; j < n; ++j) width[j] = std::min(display_width(header[j]), opts.max_cell_width);
  for (const auto& r : rows) {
    auto& out = cells.emplace_back();
    for (size_t j = 0; j < n; ++j) {
      std::string v = j < r.size() && r[j] ? *r[j] : opts.null_text;
      for (auto& ch : v)
        if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
      v = truncate_to_width(v, opts.max_cell_width);
      width[j] = std::max(width[j], display_width(v));
      out.push_back(std::move(v));
    }
  }
  std::string s;
  auto line = [&](const std::vector<std::string>& vals, bool is_header) {
    for (size_t j = 0; j < n; ++j) {
      bool right = !is_header && j < right_align.size() && right_align[j];
      std::string v = is_header ? truncate_to_width(vals[j], opts.max_cell_width) : vals[j];
      s += pad_to_width(v, width[j], right);
      s += j + 1 < n ? "  " : "";
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    s += '\n';
  };
  line(header, true);
  for (size_t j = 0; j < n; ++j) {
    s += std::string(width[j], '-');
    s += j + 1 < n ? "  " : "";
  }
  s += '\n';
  for (const auto& r : cells) line(r, false);
  return s;
}

}  // namespace tradedig
