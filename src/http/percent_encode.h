#pragma once

#include <string>
#include <string_view>

namespace ds01::http {

/// Percent-encodes everything but unreserved characters (RFC 3986 §2.3), for a path segment
/// or a query value.
std::string PercentEncode(std::string_view text);

}  // namespace ds01::http
