#pragma once

#include <string>
#include <string_view>

#include "http/message.h"

namespace ds01::http {

/// The standard reason phrase of a status ("Not Found"); "Unknown" for one it does not know.
std::string_view StatusReason(int status);

/// The bytes of a response. The server owns the framing: the reason defaults to the standard
/// phrase, Content-Length is set from the body (none for 1xx, 204 and 304), "Connection: close"
/// is added when the connection ends, and the caller's own Content-Length, Transfer-Encoding
/// and Connection headers are dropped; CR and LF in header fields become spaces. A response to
/// a HEAD request gets the head only.
std::string SerializeResponse(const Response& response, bool keep_alive, bool head_request = false);

}  // namespace ds01::http
