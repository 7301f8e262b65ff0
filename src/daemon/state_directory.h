#pragma once

#include <filesystem>

#include "common/error.h"

namespace ds01::daemon {

/// Makes `dir` (mode 0700) when it is missing and refuses it unless it is a directory that
/// root alone can read: it holds every user's records, the audit and the staged bind mounts.
/// A directory left readable by others is refused rather than silently changed.
Status MakeStateDirectory(const std::filesystem::path& dir);

}  // namespace ds01::daemon
