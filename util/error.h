// Errors that cross module boundaries.
//
// tradedig distinguishes two kinds of failure, because the CLI must tell them apart (exit 1 vs 2):
//   * UserError: the input or the request is wrong (a bad row, a missing column, an unknown table,
//     a store that does not exist). The message is one complete sentence a user can act on.
//   * anything else that escapes (std::exception): a bug or an environment failure.
// Library functions document which UserErrors they throw; nothing else is thrown on bad input.
#pragma once
#include <stdexcept>
#include <string>

namespace tradedig {

class UserError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace tradedig
