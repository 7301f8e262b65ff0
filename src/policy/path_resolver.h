#pragma once

#include <string>
#include <string_view>

#include "common/error.h"

namespace ds01::policy {

/// Resolves the absolute `path` against the real filesystem, as the kernel would when
/// mounting it: symlinks are followed and "." and ".." applied component by component. A
/// part that does not exist yet is kept as written below its resolved existing parent, so
/// the result names where the path would be created. The result has no symlinks, ".",
/// ".." or repeated slashes in its existing part.
Result<std::string> ResolvePath(std::string_view path);

/// True when `path` is `root` or lies below it; both must already be resolved.
bool IsWithin(std::string_view path, std::string_view root);

}  // namespace ds01::policy
