// Streaming RFC 4180 reader (internal to db/; use open_table()).
#pragma once
#include <cstdio>
#include <memory>

#include "db/table_reader.h"
#include "util/charset.h"

namespace tradedig::db {

class CsvReader final : public TableReader {
 public:
  CsvReader(const std::string& path, const ReadOptions& opts);
  ~CsvReader() override;
  const std::vector<std::string>& columns() const override { return columns_; }
  bool next(std::vector<std::string_view>& fields, int64_t& where) override;
  std::string encoding() const override { return encoding_; }
  const char* position_word() const override { return "line"; }
  uint64_t progress_done() const override { return raw_read_; }
  uint64_t progress_total() const override { return file_size_; }

 private:
  bool fill();  // appends more text to buf_; false at end of file
  // Finds the record at pos_; fills offsets. Returns false when more input is needed.
  bool scan_record(size_t& rec_end, int& newlines);

  std::FILE* f_ = nullptr;
  std::unique_ptr<Utf8Converter> conv_;
  std::string encoding_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  char delim_ = ',';
  int64_t line_ = 1;
  uint64_t raw_read_ = 0, file_size_ = 0;
  std::vector<std::string> columns_;
  std::vector<std::pair<size_t, size_t>> spans_;  // field [begin, end) in buf_
  std::vector<bool> quoted_;
  std::string raw_chunk_;
};

}  // namespace tradedig::db
