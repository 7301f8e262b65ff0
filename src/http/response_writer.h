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

/// The head of a streamed response: the body follows as chunks (ChunkOf) and the connection
/// closes after the last one. The caller's framing headers are dropped as above.
std::string SerializeStreamHead(int status, const Headers& headers);

/// The head of "101 Switching Protocols" to `protocol` (the Upgrade header), with `headers`.
std::string SerializeUpgradeHead(std::string_view protocol, const Headers& headers);

/// `data` as one chunk of a chunked body; empty data gives the last chunk, "0\r\n\r\n".
std::string ChunkOf(std::string_view data);

}  // namespace ds01::http
