#pragma once

#include <string>

#include "common/error.h"
#include "http/message.h"

namespace ds01::http {

/// The bytes of a request: adds "Host: localhost" unless a Host is given, and Content-Length
/// for a body (and for an empty POST/PUT/PATCH), unless given. Refuses methods, targets and
/// header fields that would break the framing (spaces, CR, LF, NUL) with kInvalidArgument.
Result<std::string> SerializeRequest(const Request& request);

}  // namespace ds01::http
