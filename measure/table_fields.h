// Internal to measure/: finding the fields of a user table (CSV/TSV/.dta via db::open_table) by the
// user's --map or by alias lists, and reading its cells. Used by the firm-control and HS-concordance
// readers; the field lists are db::FieldSpec as in the importer (db/import.h).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/import.h"
#include "db/table_reader.h"

namespace tradedig::measure {

// The column index of each field in `header` (-1 when absent). A mapping entry target=column wins;
// otherwise the first alias present in the header (exact, then ASCII case-insensitive, after
// trimming), each column serving one field. Throws UserError naming `path` for a mapping target
// that is not a field, a mapped column not in the header, or a required field without a column.
std::vector<int> resolve_fields(const std::vector<std::string>& header, const std::vector<db::FieldSpec>& fields,
                                const db::ColumnMapping& mapping, const std::string& path);

// The trimmed cell of column `col`, empty when the column is absent (-1) or the row is short.
std::string_view cell_at(const std::vector<std::string_view>& row, int col);

// Where a row is, for messages: "file:12" for text files, "file, observation 12" for .dta.
std::string position_of(const db::TableReader& reader, int64_t where);

// Empty cells and the usual missing markers (".", "..", NA, N/A, NaN, NULL) — any case.
bool is_missing_cell(std::string_view s);

}  // namespace tradedig::measure
