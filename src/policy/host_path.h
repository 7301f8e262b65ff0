#pragma once

#include <string>
#include <string_view>

#include "common/error.h"

namespace ds01::policy {

/// `path` written plainly, without touching the filesystem: absolute, no "." or ".."
/// components, no repeated or trailing slashes. A ".." above "/" stays at "/", as the kernel
/// takes it. Refuses a relative path or one with a NUL byte; `what` names it in the message
/// ("bind mount source").
Result<std::string> NormalizePath(std::string_view path, std::string_view what);

/// True when `path` is `root` or lies below it; both must be normalised.
bool IsWithin(std::string_view path, std::string_view root);

/// The part of `path` below `root` ("" for the root itself); `path` must lie within it.
std::string RelativeTo(std::string_view path, std::string_view root);

}  // namespace ds01::policy
