#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.h"

namespace ds01::http {

/// Header fields in the order they were sent; names keep their spelling.
using Headers = std::vector<std::pair<std::string, std::string>>;

/// The value of the first header called `name` (ASCII case-insensitive), if any.
std::optional<std::string_view> FindHeader(const Headers& headers, std::string_view name);

/// True when the comma-separated header `name` lists `token` (case-insensitive), e.g.
/// HasHeaderToken(h, "Connection", "close").
bool HasHeaderToken(const Headers& headers, std::string_view name, std::string_view token);

/// ASCII case-insensitive equality, as header names and tokens compare.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

struct Request {
  std::string method;
  std::string target;  // origin form: "/v1.41/containers/json?all=1"
  Headers headers;
  std::string body;
};

struct ResponseHead {
  int status = 0;
  std::string reason;
  Headers headers;
};

struct Response {
  int status = 0;
  std::string reason;
  Headers headers;
  std::string body;
};

/// The ErrorCode a caller that has no better mapping gives an HTTP error status:
/// 400 invalid_argument, 401/403 permission_denied, 404 not_found, 409 conflict,
/// 408/504 timeout, 502/503 unavailable, anything else internal.
ErrorCode ErrorCodeForStatus(int status);

/// True for methods that may be sent twice with the effect of once (RFC 9110 §9.2.2).
bool IsIdempotentMethod(std::string_view method);

}  // namespace ds01::http
