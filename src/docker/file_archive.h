#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace ds01::docker {

/// One file or directory of a small tar written into a container's filesystem (PUT
/// /containers/{id}/archive): its path relative to where the tar is unpacked, its owner and
/// permission bits.
struct ArchiveEntry {
  std::string path;     // "etc/passwd", "home/alice"
  std::string content;  // a regular file's bytes; empty for a directory
  mode_t mode = 0644;   // permission bits only
  uid_t uid = 0;
  gid_t gid = 0;
  bool directory = false;
};

/// An uncompressed tar of `entries`, in order.
std::string TarOf(const std::vector<ArchiveEntry>& entries);

/// The content of the one regular file in `tar`, as GET /containers/{id}/archive answers for a
/// file path. kInvalidArgument when the tar holds no regular file first, or one larger than
/// `max_bytes`.
Result<std::string> SoleFileOf(std::string_view tar, std::size_t max_bytes);

/// The content of the regular file `path` in `tar`: kNotFound when it holds none,
/// kInvalidArgument when it is larger than `max_bytes`.
Result<std::string> FileIn(std::string_view tar, std::string_view path, std::size_t max_bytes);

}  // namespace ds01::docker
