// Internal to measure/: building DataFrame columns from a stream of text rows (files, the store)
// without holding every cell as a string: a column stays numeric while each non-missing cell
// parses as a number and becomes factorised text at the first cell that does not.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "measure/estimate.h"

namespace tradedig::measure {

class ColumnBuilder {
 public:
  // text = true: every cell is text (used for the second pass of a column that turned to text).
  explicit ColumnBuilder(bool text = false);
  // Room for `rows` cells (a hint: more may come).
  void reserve(size_t rows);
  // Adds the next cell ("", "NA", "." and "NaN", trimmed, are missing).
  void add(std::string_view cell);
  // True when the column turned to text after numeric cells, whose text was not kept: the caller
  // must feed every cell again to a ColumnBuilder(true).
  bool needs_text_pass() const { return needs_text_pass_; }
  Column finish(const std::string& name);

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  bool numeric_;
  bool seen_number_ = false;
  bool needs_text_pass_ = false;
  std::vector<double> values_;
  std::vector<int32_t> codes_;
  std::vector<std::string> levels_;
  std::unordered_map<std::string, int32_t, Hash, std::equal_to<>> index_;
};

// Yields the next row's fields (views valid until the next call); false at the end.
using RowSource = std::function<bool(std::vector<std::string_view>& fields)>;
// Builds a DataFrame with one column per name from the rows of open(); open() is called a second
// time only when some column turned to text after numeric cells (then those columns are re-read).
// `expected_rows`, when given, is asked once after the first few thousand rows how many rows the
// whole source will have (given the rows read so far) so that columns grow once, not by doubling.
DataFrame frame_from_rows(const std::vector<std::string>& names, const std::function<RowSource()>& open,
                          const std::function<size_t(size_t)>& expected_rows = {});

}  // namespace tradedig::measure
