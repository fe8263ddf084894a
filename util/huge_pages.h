// Asks the kernel to back a large buffer with transparent huge pages before it is first written.
//
//   Eigen::MatrixXd X(n, k);
//   util::advise_huge_pages(X.data(), X.size() * sizeof(double));
//
// First writes to fresh memory fault in one page at a time; with 4 KB pages that costs more than
// the copying itself on virtual machines (measured: ~1 s per GB on the benchmark machine, ~5x less
// with 2 MB pages). Linux with THP in "madvise" mode (Debian's default) honours the advice; other
// systems, or buffers under 4 MB, are left alone. Never changes what the buffer holds.
#pragma once
#include <cstddef>

namespace tradedig::util {

void advise_huge_pages(void* data, size_t bytes);

}  // namespace tradedig::util
