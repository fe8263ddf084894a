#include "db/batched_reader.h"

namespace tradedig::db {
namespace {
constexpr size_t kRowsPerBatch = 8192;
constexpr size_t kMaxQueued = 4;
}  // namespace

BatchedReader::BatchedReader(TableReader& reader) : reader_(reader) {
  thread_ = std::thread([this] { produce(); });
}

BatchedReader::~BatchedReader() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void BatchedReader::produce() {
  try {
    std::vector<std::string_view> fields;
    int64_t where = 0;
    bool more = true;
    while (more) {
      auto b = std::make_unique<Batch>();
      b->arena.reserve(1 << 20);
      while (b->where.size() < kRowsPerBatch && (more = reader_.next(fields, where))) {
        for (auto f : fields) {
          b->arena.append(f);
          b->ends.push_back(static_cast<uint32_t>(b->arena.size()));
        }
        b->row_ends.push_back(static_cast<uint32_t>(b->ends.size()));
        b->where.push_back(where);
      }
      b->progress = reader_.progress_done();
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return queue_.size() < kMaxQueued || stop_; });
      if (stop_) return;
      if (!b->where.empty()) queue_.push_back(std::move(b));
      cv_.notify_all();
    }
  } catch (...) {
    std::lock_guard<std::mutex> lock(mu_);
    error_ = std::current_exception();
  }
  std::lock_guard<std::mutex> lock(mu_);
  done_ = true;
  cv_.notify_all();
}

bool BatchedReader::next(std::vector<std::string_view>& fields, int64_t& where) {
  if (!current_ || row_ >= current_->where.size()) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return !queue_.empty() || done_; });
    if (queue_.empty()) {
      // Rows before an error are all delivered first, so its line number reads naturally.
      if (error_) std::rethrow_exception(error_);
      return false;
    }
    current_ = std::move(queue_.front());
    queue_.pop_front();
    row_ = 0;
    cv_.notify_all();
  }
  const Batch& b = *current_;
  uint32_t first = row_ == 0 ? 0 : b.row_ends[row_ - 1];
  uint32_t last = b.row_ends[row_];
  fields.resize(last - first);
  uint32_t start = first == 0 ? 0 : b.ends[first - 1];
  for (uint32_t k = first; k < last; ++k) {
    fields[k - first] = std::string_view(b.arena.data() + start, b.ends[k] - start);
    start = b.ends[k];
  }
  where = b.where[row_++];
  return true;
}

}  // namespace tradedig::db
