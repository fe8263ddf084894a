// Writing a whole output file so that a reader never sees half of it: the bytes go to PATH.part,
// which replaces PATH only once everything is written (a crash or a full disk leaves the old file).
#pragma once
#include <string>
#include <string_view>

namespace tradedig {

// Throws UserError "cannot write PATH" when the file cannot be written; PATH.part is then removed.
void write_file_atomically(const std::string& path, std::string_view bytes);

}  // namespace tradedig
