#include "daemon/state_directory.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace ds01::daemon {

Status MakeStateDirectory(const std::filesystem::path& dir) {
  struct stat info {};
  if (lstat(dir.c_str(), &info) != 0) {
    if (errno != ENOENT || mkdir(dir.c_str(), 0700) != 0 || lstat(dir.c_str(), &info) != 0) {
      return MakeError(ErrorCode::kUnavailable,
                       fmt::format("Cannot create the state directory {}: {}", dir.string(),
                                   std::strerror(errno)),
                       "run ds01d as root, and check that the parent directory exists");
    }
  }
  if (!S_ISDIR(info.st_mode) || info.st_uid != 0 || (info.st_mode & 077) != 0) {
    return MakeError(
        ErrorCode::kPermissionDenied,
        fmt::format("The state directory {} must be a directory owned by root with "
                    "mode 0700 (it is {}, owner uid {}, mode {:04o}): every user "
                    "could read the records and the audit",
                    dir.string(), S_ISDIR(info.st_mode) ? "a directory" : "not a directory",
                    info.st_uid, info.st_mode & 07777),
        fmt::format("chown root:root {0} && chmod 700 {0}", dir.string()));
  }
  return Ok();
}

}  // namespace ds01::daemon
