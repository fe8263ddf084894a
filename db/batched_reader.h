// Internal to db/: reads a TableReader on a background thread and hands rows over in batches, so
// that parsing and decoding (one core) overlap with SQLite inserts (the other core).
#pragma once
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "db/table_reader.h"

namespace tradedig::db {

class BatchedReader {
 public:
  explicit BatchedReader(TableReader& reader);
  ~BatchedReader();  // stops and joins the reader thread
  BatchedReader(const BatchedReader&) = delete;
  BatchedReader& operator=(const BatchedReader&) = delete;

  // Same contract as TableReader::next (views valid until the next call); rethrows, on this
  // thread, any error the reader thread met.
  bool next(std::vector<std::string_view>& fields, int64_t& where);
  // Reader progress as of the batch being consumed.
  uint64_t progress_done() const { return current_ ? current_->progress : 0; }

 private:
  struct Batch {
    std::string arena;
    std::vector<uint32_t> ends;      // end offset of each field in arena
    std::vector<uint32_t> row_ends;  // index into ends one past each row's last field
    std::vector<int64_t> where;
    uint64_t progress = 0;
  };
  void produce();

  TableReader& reader_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<Batch>> queue_;
  bool done_ = false, stop_ = false;
  std::exception_ptr error_;
  std::unique_ptr<Batch> current_;
  size_t row_ = 0;
  std::thread thread_;
};

}  // namespace tradedig::db
