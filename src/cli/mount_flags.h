#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "api/wire_requests.h"
#include "common/error.h"

namespace ds01::cli {

/// Where a relative mount source is read from: the caller's working directory and home.
struct PathBase {
  std::string cwd;
  std::string home;
};

/// `-v/--volume SRC:DST[:ro|rw]`. SRC is a host path: absolute, or "~/…" from the home, or
/// relative to the working directory; a bare name is a named volume, which ds01 does not
/// offer (a usage error naming a bind instead).
Result<api::Bind> ParseVolumeFlag(std::string_view text, const PathBase& base);

/// `--mount type=bind,source=…,target=…[,readonly]` or `type=tmpfs,target=…[,tmpfs-size=…]
/// [,tmpfs-mode=1777]`, as docker writes them (src, dst and destination too; ro for readonly).
Result<std::variant<api::Bind, api::Tmpfs>> ParseMountFlag(std::string_view text,
                                                           const PathBase& base);

/// `--tmpfs PATH[:size=…,mode=…]`.
Result<api::Tmpfs> ParseTmpfsFlag(std::string_view text);

}  // namespace ds01::cli
